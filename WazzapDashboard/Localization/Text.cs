using System.Globalization;
using System.Resources;

namespace WazzapDashboard.Localization;

/// <summary>
/// The app's texts (<c>Text.resx</c>, <c>Text.es.resx</c>, <c>Text.pt-BR.resx</c>). Components take an
/// <c>IStringLocalizer&lt;Text&gt;</c>; rules and messages outside components call <see cref="Get"/>.
/// Both read the current UI culture, which the API pins to English (problem details are for scripts).
/// </summary>
public sealed class Text
{
    private static readonly ResourceManager Resources = new(typeof(Text).FullName!, typeof(Text).Assembly);

    public static string Get(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    public static string Get(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, Get(key), args);
}

/// <summary>MudBlazor's own texts in Spanish and Portuguese (<c>MudTexts.*.resx</c>, keys as in MudBlazor's resource).</summary>
public sealed class MudTexts;
