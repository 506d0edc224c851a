using AngleSharp.Dom;
using Bunit;

namespace AgvConsole.Web.Tests.Components.Bunit;

/// <summary>
/// Clicks what the page shows now. An action's last step (its audit entry, stored with others in one transaction)
/// may finish after its message shows and draw the page again; a button found before that render has no handler
/// any more, found again after it, it has. The click happens once.
/// </summary>
public static class ClickAfterRender
{
    public static void ClickWhenDrawn<T>(this IRenderedComponent<T> cut, Func<IElement> find) where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.WaitForAssertion(() => find().Click());

    public static void ClickWhenDrawn<T>(this IRenderedComponent<T> cut, string selector) where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.ClickWhenDrawn(() => cut.Find(selector));
}
