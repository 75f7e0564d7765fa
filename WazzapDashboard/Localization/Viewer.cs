using System.Globalization;

namespace WazzapDashboard.Localization;

/// <summary>
/// Whose clock the page shows times in. <see cref="Chosen"/> is false while the zone is only the server's
/// guess, before the browser has said its own. Formats by the current culture: <c>2 dic 2026, 14:03</c>.
/// </summary>
public sealed record Viewer(TimeZoneInfo Zone, bool Chosen = true)
{
    public static readonly Viewer Utc = new(TimeZoneInfo.Utc, Chosen: false);

    public DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary><c>2 Dec 2026, 14:03</c></summary>
    public string Time(DateTimeOffset at) => Local(at).ToString("d MMM yyyy, HH:mm", CultureInfo.CurrentCulture);

    /// <summary><c>2 Dec 14:03</c></summary>
    public string ShortTime(DateTimeOffset at) => Local(at).ToString("d MMM HH:mm", CultureInfo.CurrentCulture);

    /// <summary><c>14:03</c>, or with seconds.</summary>
    public string Clock(DateTimeOffset at, bool seconds = false) => Local(at).ToString(seconds ? "HH:mm:ss" : "HH:mm", CultureInfo.CurrentCulture);

    /// <summary><c>14:03</c> when it was today in this zone, else <c>2 Dec 14:03</c>.</summary>
    public string Recent(DateTimeOffset at, DateTimeOffset now) => Local(at).Date == Local(now).Date ? Clock(at) : ShortTime(at);

    /// <summary>Unambiguous, for tooltips and tables: <c>2026-12-02 14:03:05 -06:00</c>.</summary>
    public string Exact(DateTimeOffset? at) => at is { } t ? Local(t).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) : "";

    /// <summary>A CSV export's column in this zone, named with it: <c>occurred_at_local (America/Mexico_City)</c>.</summary>
    public string Column(string name) => $"{name}_local ({Zone.Id})";

    /// <summary>A time in that column, as spreadsheets read a date and time: <c>2026-12-02 14:03:05</c>.</summary>
    public string Spreadsheet(DateTimeOffset at) => Local(at).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The zone as people recognise it: its id and its offset now, <c>America/Mexico_City (UTC-06:00)</c>.</summary>
    public string ZoneName(DateTimeOffset now) => Zone == TimeZoneInfo.Utc || Zone.Id is "UTC" or "Etc/UTC"
        ? "UTC"
        : $"{Zone.Id} (UTC{Local(now):zzz})";
}
