using MudBlazor;

namespace AgvConsole.Web.Components.Layout;

/// <summary>The console's MudBlazor theme: the system's own fonts (no web fonts: sites are offline), one palette.</summary>
public static class ConsoleTheme
{
    private static readonly string[] Fonts =
        ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Noto Sans", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "sans-serif"];

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1565c0",
            Secondary = "#455a64",
            AppbarBackground = "#1f2937",
            AppbarText = "#ffffff",
            Background = "#f5f6f8",
            DrawerBackground = "#ffffff",
            Error = "#c62828",
            Warning = "#b45309",
            Success = "#2e7d32",
            Info = "#0277bd",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = Fonts },
            H1 = new H1Typography { FontFamily = Fonts },
            H2 = new H2Typography { FontFamily = Fonts },
            H3 = new H3Typography { FontFamily = Fonts },
            H4 = new H4Typography { FontFamily = Fonts, FontSize = "1.6rem", FontWeight = "600" },
            H5 = new H5Typography { FontFamily = Fonts, FontSize = "1.25rem", FontWeight = "600" },
            H6 = new H6Typography { FontFamily = Fonts, FontSize = "1.05rem", FontWeight = "600" },
            Button = new ButtonTypography { FontFamily = Fonts, TextTransform = "none" },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "230px" },
        // Toasts above the app bar and the drawer but below dialogs (MudBlazor puts them above: 1500 against 1400): with
        // alarms arriving, a toast kept covering a rule dialog's Save button for half a minute.
        ZIndex = new ZIndex { Snackbar = 1350 },
    };
}
