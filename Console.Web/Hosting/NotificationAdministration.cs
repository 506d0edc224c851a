using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Persistence;
using AgvConsole.Web.Security;

namespace AgvConsole.Web.Hosting;

/// <summary>Why a notification group cannot be saved as it is.</summary>
public enum GroupProblem { NoName, NotHttpUrl, LocalTarget }

/// <summary>
/// Notification groups for the page that edits them: checked (a name; a webhook that is an absolute
/// http(s) URL and, unless allowed, not this machine or a link-local address: <see cref="WebhookTargets"/>),
/// stored, audited, and handed to the notifier at once. The page checks the Administrator role first.
/// </summary>
public sealed class NotificationAdministration(INotificationRepository store, AlarmNotifier notifier, IAuditSink audit, WebhookTargets targets)
{
    public const int ShownDeliveries = 50;

    public Task<IReadOnlyList<NotificationGroup>> GroupsAsync() => store.GetGroupsAsync();

    /// <summary>The newest webhook deliveries (delivered or failed after their retries, with the error).</summary>
    public Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync() => store.RecentDeliveriesAsync(ShownDeliveries);

    /// <summary>Deliveries being tried now (with their retries).</summary>
    public int InFlight => notifier.InFlight;

    /// <summary>What keeps the group from being saved, or null; for <see cref="GroupProblem.LocalTarget"/> also the host named.</summary>
    public (GroupProblem Problem, string? Host)? Check(NotificationGroup group)
    {
        if (string.IsNullOrWhiteSpace(group.Name)) return (GroupProblem.NoName, null);
        if (string.IsNullOrWhiteSpace(group.WebhookUrl)) return null;
        if (!Uri.TryCreate(group.WebhookUrl.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            return (GroupProblem.NotHttpUrl, null);
        return targets.RefusalOf(url) is null ? null : (GroupProblem.LocalTarget, url.Host);
    }

    /// <summary>Saves (Id 0: adds) a group; refused, with nothing stored, when <see cref="Check"/> finds a problem.</summary>
    public async Task<(NotificationGroup? Saved, GroupProblem? Problem)> SaveAsync(NotificationGroup group, string who)
    {
        group = group with
        {
            Name = group.Name.Trim(), Contacts = group.Contacts.Trim(),
            WebhookUrl = string.IsNullOrWhiteSpace(group.WebhookUrl) ? null : group.WebhookUrl.Trim(),
        };
        if (Check(group) is { } problem)
        {
            await audit.WriteAsync(who, group.Id == 0 ? "add notification group" : "change notification group", $"group {group.Id}",
                $"{group.Name}, webhook {group.WebhookUrl ?? "none"}: {problem.Problem}", "refused");
            return (null, problem.Problem);
        }
        var saved = await store.SaveGroupAsync(group);
        await audit.WriteAsync(who, group.Id == 0 ? "add notification group" : "change notification group", $"group {saved.Id}",
            $"{saved.Name}, webhook {saved.WebhookUrl ?? "none"}", "ok");
        await notifier.ReloadGroupsAsync();
        return (saved, null);
    }

    public async Task DeleteAsync(int id, string who)
    {
        await store.DeleteGroupAsync(id);
        await audit.WriteAsync(who, "delete notification group", $"group {id}", "", "ok");
        await notifier.ReloadGroupsAsync();
    }
}
