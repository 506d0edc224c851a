using AgvConsole.Fleet.Live;
using AgvConsole.Fleet.Traffic.Kernel;
using AgvConsole.Protocol.Messages;
using AgvConsole.Web.Live;
using Microsoft.Extensions.Localization;

namespace AgvConsole.Web.Components;

/// <summary>
/// The terms every page shares (AGV states, alarm levels, why an AGV stands still, common buttons):
/// Resources/Components/SharedText.resx and SharedText.zh-CN.resx. Injected as <c>T</c>; a page's own
/// texts come from its own resource pair, injected as <c>L</c> (docs/ui.md).
/// </summary>
public sealed class SharedText;

public static class SharedTextExtensions
{
    /// <summary>An AGV state ("emergencyStop", "offline") in the reader's language.</summary>
    public static string State(this IStringLocalizer<SharedText> t, string stateName)
    {
        var s = t["State." + stateName];
        return s.ResourceNotFound ? StateNames.Label(stateName) : s.Value;
    }

    public static string Group(this IStringLocalizer<SharedText> t, StateGroup group) => t["Group." + group];

    public static string Level(this IStringLocalizer<SharedText> t, EventLevel level) => t["Level." + level];

    public static string StandStill(this IStringLocalizer<SharedText> t, StandStill reason) => t["StandStill." + reason];

    /// <summary>
    /// An alarm rule's name: the default rules a site starts with (AlarmRule.DefaultTemplate, stored in English)
    /// in the reader's language; a name an administrator gave is shown as typed.
    /// </summary>
    public static string RuleName(this IStringLocalizer<SharedText> t, string name) =>
        t["DefaultRule." + name] is { ResourceNotFound: false } s ? s.Value : name;

    /// <summary>
    /// An alarm's text in the reader's language: the texts the alarm engine writes (stored in English, see
    /// Fleet.Alarms.AlarmText) are put back into words; an AGV's own words in an event, and any other text, stay as they are.
    /// </summary>
    public static string AlarmText(this IStringLocalizer<SharedText> t, string text)
    {
        if (!Fleet.Alarms.AlarmText.TryRead(text, out var kind, out var values)) return text;
        // A state error's level is a word of ours too.
        if (kind == nameof(Fleet.Alarms.AlarmText.StateError) && Enum.TryParse<EventLevel>(values[1], out var level)) values[1] = t.Level(level);
        var s = t["AlarmText." + kind, values];
        return s.ResourceNotFound ? text : s.Value;
    }

    /// <summary>
    /// Why an AGV waits (a traffic wait's full text) in the reader's language, from the kernel's values
    /// (Fleet.Traffic.Kernel.WaitCause); the kernel's English when the wait has none.
    /// </summary>
    public static string WaitText(this IStringLocalizer<SharedText> t, TrafficWaitNote wait)
    {
        if (wait.Cause is not { } c) return wait.Text;
        object node = c.NodeId is { } n ? n : "";
        var s = c.Reason switch
        {
            WaitReason.Lift => t["WaitText.Lift", c.Serial],
            WaitReason.StandingAgv => t["WaitText.StandingAgv", c.Serial, c.Other ?? "", c.OtherStands is { } r ? t["WaitText.Stands." + r].Value : t["WaitText.DoingItsAction"].Value, node],
            WaitReason.Agv when c.NodeId is not null => t["WaitText.AgvAtNode", c.Serial, c.Other ?? "", node],
            WaitReason.Agv => t["WaitText.Agv", c.Serial, c.Other ?? ""],
            _ => t["WaitText.Place", c.Serial, node, c.Closed is { } by ? t["WaitText.Closed." + by.Section, by.Places(t["ListSeparator"].Value)].Value : t["WaitText.NotFreeYet"].Value],
        };
        return s.ResourceNotFound ? wait.Text : s.Value;
    }

    /// <summary>What raises an alarm, in words (alarm pages).</summary>
    public static string Source(this IStringLocalizer<SharedText> t, Fleet.Alarms.AlarmSource source) => t["AlarmSource." + source];

    /// <summary>Which AGVs a rule covers, in words (alarm pages).</summary>
    public static string Scope(this IStringLocalizer<SharedText> t, Fleet.Alarms.RuleScope scope) => t["RuleScope." + scope];

    /// <summary>What a rule's threshold means, with its unit ("Battery % below"); null for a source that takes none.</summary>
    public static string? ThresholdMeaning(this IStringLocalizer<SharedText> t, Fleet.Alarms.AlarmSource source) =>
        Fleet.Alarms.AlarmRule.ThresholdRange(source) is null ? null : t["Threshold." + source].Value;

    /// <summary>A rule's threshold with its unit ("below 20 %", "above 70 °C"); null when it has none.</summary>
    public static string? ThresholdValue(this IStringLocalizer<SharedText> t, Fleet.Alarms.AlarmRule rule) =>
        rule.Threshold is { } v && Fleet.Alarms.AlarmRule.ThresholdRange(rule.Source) is not null ? t["ThresholdValue." + rule.Source, v].Value : null;

    /// <summary>A node kind ("charging station") in the reader's language.</summary>
    public static string NodeKind(this IStringLocalizer<SharedText> t, AgvConsole.Fleet.Maps.MapNodeKind kind) => t["NodeKind." + kind];

    /// <summary>How a place is named to a person: its name, else "node 1014".</summary>
    public static string Place(this IStringLocalizer<SharedText> t, AgvConsole.Fleet.Maps.MapNode node) =>
        string.IsNullOrEmpty(node.Name) ? t["Node.Label", node.Id] : node.Name;
}
