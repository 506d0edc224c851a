using System.Net;
using System.Net.Sockets;

namespace AgvConsole.Web.Security;

/// <summary>
/// Where alarm webhooks (notification groups, set on a page) may post: not to this machine, a
/// link-local address (169.254/16, fe80::/10: cloud metadata services live there), an unspecified,
/// broadcast or multicast address, unless <c>Alarms:AllowLocalWebhookTargets</c> is true (tests,
/// a receiver on the same machine). Private ranges (10/8, 172.16/12, 192.168/16, fc00::/7) are
/// allowed: sites run their own receivers there. Checked when a group is saved (a literal address
/// or localhost gets a clear error) and again where the connection is made, on the addresses the
/// name resolves to, so a DNS name that resolves to loopback is refused too. Order webhooks
/// (<c>Api:Webhooks</c>) come from configuration, which is trusted, and do not go through this.
/// </summary>
public sealed class WebhookTargets(IConfiguration configuration)
{
    /// <summary>The HTTP client alarm notifications use: it connects only through <see cref="ConnectAsync"/>.</summary>
    public const string ClientName = "alarm-webhooks";
    public const string AllowLocalKey = "Alarms:AllowLocalWebhookTargets";

    public bool AllowLocal => configuration.GetValue(AllowLocalKey, false);

    /// <summary>True for addresses a webhook may not reach unless allowed: loopback, link-local, unspecified, broadcast, multicast.</summary>
    public static bool IsLocal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return true;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 0                        // 0.0.0.0/8: "this host"
                   || (b[0] == 169 && b[1] == 254)  // link-local
                   || b[0] >= 224;                  // multicast, reserved, broadcast
        }
        return address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6Multicast;
    }

    /// <summary>Why a webhook URL may not be saved (null: it may). Only what the URL itself says; names are checked on connecting.</summary>
    public string? RefusalOf(Uri url)
    {
        if (AllowLocal) return null;
        bool local = url.IsLoopback || (IPAddress.TryParse(url.DnsSafeHost, out var a) && IsLocal(a));
        return local
            ? $"the webhook may not point at this machine or a link-local, unspecified or multicast address ({url.Host}); a receiver there needs {AllowLocalKey} set to true in the console's configuration"
            : null;
    }

    /// <summary>SocketsHttpHandler.ConnectCallback: resolves the host and connects only to addresses that are allowed.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = AllowLocal ? addresses : addresses.Where(a => !IsLocal(a)).ToArray();
        if (allowed.Length == 0)
            throw new HttpRequestException($"refused: {host} is (or resolves to) a loopback, link-local, unspecified or multicast address; set {AllowLocalKey} to allow it");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
