using System.Net.Http.Json;

namespace AgvConsole.Web.Hosting;

/// <summary>
/// POSTs JSON to a webhook, retrying with exponential backoff (delay, 2×delay, …) up to
/// <paramref name="attempts"/> times. Returns how many attempts it took and the last error (null: delivered).
/// Shared by alarm notifications and order feedback.
/// </summary>
public static class WebhookPoster
{
    public static async Task<(int Attempts, string? Error)> PostAsync(HttpClient client, string url, object payload, int attempts, TimeSpan delay, CancellationToken ct)
    {
        string? error = null;
        int attempt = 0;
        while (attempt < attempts && !ct.IsCancellationRequested)
        {
            attempt++;
            try
            {
                using var response = await client.PostAsJsonAsync(url, payload, ct);
                if (response.IsSuccessStatusCode) return (attempt, null);
                error = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or UriFormatException)
            {
                if (ct.IsCancellationRequested) break;
                error = e.GetBaseException().Message;
            }
            if (attempt < attempts)
            {
                try { await Task.Delay(delay, ct); } catch (OperationCanceledException) { break; }
                delay *= 2;
            }
        }
        return (attempt, error ?? "stopped before delivery");
    }
}
