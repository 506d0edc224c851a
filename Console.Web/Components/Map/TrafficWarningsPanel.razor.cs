using AgvConsole.Fleet.Maps;

namespace AgvConsole.Web.Components.Map;

/// <summary>The traffic warnings panel (see the .razor): a finding's sentence in the reader's language.</summary>
public sealed partial class TrafficWarningsPanel
{
    /// <summary>The warning's sentence from its template and values; the analysis' English when it has none or the sentence is not worded here.</summary>
    private string Detail(TrafficWarning w)
    {
        if (w.Text is not { } text) return w.Detail;
        var s = L["Sentence." + text.Sentence, text.Values.Select(Word).ToArray()];
        return s.ResourceNotFound ? w.Detail : s.Value;
    }

    // Lists are worded here, joined as the reader's language joins them (", " or "、"); numbers, ids and texts go in as they are (the template formats them).
    private object Word(object value) => value switch
    {
        NodeList n => More(Join(n.Shown), n.More),
        WayList w => More(Join(w.Shown.Select(e => $"{e.From}–{e.To}")), w.More),
        ClosePairs c => Join(c.Shown.Select(p => L["Pair", p.A, p.B, p.Metres].Value)),
        TextList t => Join(t.Items),
        _ => value,
    };

    private string Join<T>(IEnumerable<T> items) => string.Join(L["ListSeparator"].Value, items);

    private string More(string shown, int more) => more == 0 ? shown : L["More", shown, more];
}
