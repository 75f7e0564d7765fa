using System.Globalization;

namespace WazzapDashboard.Localization;

/// <summary>The languages the dashboard speaks, and the time zones it knows (IANA ids).</summary>
public static class Cultures
{
    public const string English = "en";

    /// <summary>English first: the neutral resources and the fallback.</summary>
    public static readonly IReadOnlyList<string> Names = [English, "es", "pt-BR"];

    /// <summary>The supported culture for a name, or for its parent (<c>es-MX</c> → <c>es</c>); null when none.</summary>
    public static CultureInfo? Find(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        CultureInfo culture;
        try
        {
            culture = CultureInfo.GetCultureInfo(name.Trim());
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
        for (var c = culture; c != CultureInfo.InvariantCulture; c = c.Parent)
        {
            if (Names.FirstOrDefault(n => string.Equals(n, c.Name, StringComparison.OrdinalIgnoreCase)) is { } known)
            {
                return CultureInfo.GetCultureInfo(known);
            }
        }
        // pt-PT and other Portuguese read Brazilian Portuguese better than English.
        return culture.TwoLetterISOLanguageName == "pt" ? CultureInfo.GetCultureInfo("pt-BR") : null;
    }

    /// <summary>A language named in itself, as a language menu shows it.</summary>
    public static string Display(string name) => name switch
    {
        "es" => "Español",
        "pt-BR" => "Português (Brasil)",
        _ => "English",
    };

    /// <summary>A time zone by IANA id (Linux reads them from tzdata); null for anything else.</summary>
    public static TimeZoneInfo? Zone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;

    /// <summary>Every zone the machine knows, by id, for the pickers.</summary>
    public static IReadOnlyList<string> ZoneIds { get; } =
        TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Append("UTC").Distinct().Order(StringComparer.Ordinal).ToList();
}
