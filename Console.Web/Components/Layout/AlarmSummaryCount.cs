namespace AgvConsole.Web.Components.Layout;

/// <summary>
/// What the summary toast counts: alarms raised without a toast of their own since it appeared. Owned by
/// <see cref="AlarmToasts"/> (one per circuit, changed only on its dispatcher); the toast's text
/// (<see cref="AlarmSummaryText"/>) redraws when told.
/// </summary>
public sealed class AlarmSummaryCount(int alarms)
{
    public int Value { get; private set; } = alarms;

    public event Action? Changed;

    public void Add(int alarms)
    {
        Value += alarms;
        Changed?.Invoke();
    }

    /// <summary>The alarms to acknowledge changed: the text says so.</summary>
    public void Touch() => Changed?.Invoke();
}
