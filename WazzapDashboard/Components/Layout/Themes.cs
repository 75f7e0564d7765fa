using MudBlazor;

namespace WazzapDashboard.Components.Layout;

public static class Themes
{
    /// <summary>System fonts only: the dashboard must work on a closed network.</summary>
    public static readonly MudTheme Dashboard = new()
    {
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
        // Status colours dark enough for white text on a filled chip (WCAG AA, 4.5:1 and more).
        PaletteLight = new PaletteLight
        {
            Primary = "#00796b", AppbarBackground = "#004d40",
            Error = "#c62828", Warning = "#b45309", Success = "#2e7d32", Info = "#1565c0",
        },
        PaletteDark = new PaletteDark { Primary = "#4db6ac", Background = "#0b0f14", Surface = "#151b23" },
    };
}
