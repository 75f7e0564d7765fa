using System.Globalization;

namespace WazzapDashboard.Localization;

/// <summary>Speaks <paramref name="culture"/> until disposed (null: English), for text composed away from any request.</summary>
public readonly struct CultureScope : IDisposable
{
    private readonly CultureInfo _culture, _uiCulture;

    public CultureScope(CultureInfo? culture)
    {
        (_culture, _uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture ?? CultureInfo.GetCultureInfo(Cultures.English);
    }

    public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (_culture, _uiCulture);
}
