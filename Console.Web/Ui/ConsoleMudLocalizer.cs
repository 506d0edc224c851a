using Microsoft.Extensions.Localization;
using MudBlazor;

namespace AgvConsole.Web.Ui;

/// <summary>
/// MudBlazor's own texts (the pager's "Rows per page", the data grid's filter menu and "Loading…", the
/// close buttons of dialogs and snackbars, "Required", the file upload's words …) in the circuit's
/// language, from Resources/Ui/ConsoleMudLocalizer(.zh-CN).resx: MudBlazor asks this localizer for every
/// one of them (its keys, e.g. <c>MudDataGridPager_RowsPerPage</c>) and falls back to its built-in English
/// for a key the pair lacks, e.g. one a later MudBlazor adds.
/// </summary>
public sealed class ConsoleMudLocalizer(IStringLocalizer<ConsoleMudLocalizer> texts) : MudLocalizer
{
    public override LocalizedString this[string key] => texts[key];

    public override LocalizedString this[string key, params object[] arguments] => texts[key, arguments];
}

public static class ConsoleMudLocalizerHosting
{
    /// <summary>MudBlazor's texts in the interface language (after AddMudServices).</summary>
    public static IServiceCollection AddConsoleMudText(this IServiceCollection services) =>
        services.AddTransient<MudLocalizer, ConsoleMudLocalizer>();
}
