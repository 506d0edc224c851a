using Microsoft.AspNetCore.Components;

namespace AgvConsole.Web.Components.Controls;

/// <summary>
/// Base of a component that shows live data: it keeps its feed subscriptions and disposes them
/// with itself (when the page is left or the circuit ends). Subscribe in OnInitialized, only when
/// interactive (a prerender is thrown away):
/// <code>
/// protected override void OnInitialized()
/// {
///     Load();
///     if (RendererInfo.IsInteractive) Keep(Fleet.Subscribe(Refresh(Load)));
/// }
/// </code>
/// </summary>
public abstract class LiveComponent : ComponentBase, IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private bool _disposed;

    /// <summary>Holds <paramref name="subscription"/> until this component is disposed.</summary>
    protected void Keep(IDisposable subscription)
    {
        if (_disposed) subscription.Dispose();
        else _subscriptions.Add(subscription);
    }

    /// <summary>A feed callback that runs <paramref name="reload"/> on this component's dispatcher, then renders.</summary>
    protected Func<Task> Refresh(Action reload) => () => InvokeAsync(() =>
    {
        if (_disposed) return;
        reload();
        StateHasChanged();
    });

    public void Dispose()
    {
        _disposed = true;
        foreach (var s in _subscriptions) s.Dispose();
        _subscriptions.Clear();
        Disposing();
    }

    /// <summary>Anything else to release when the component goes.</summary>
    protected virtual void Disposing() { }
}
