using System.Globalization;

namespace WazzapDashboard.Alerts;

/// <summary>
/// A channel's nightly quiet period, local to its time zone. <c>From</c> is inside, <c>To</c> is not;
/// a period may wrap midnight (22:00–07:00); equal ends mean no quiet hours.
/// </summary>
public sealed record QuietHours(TimeOnly From, TimeOnly To)
{
    public static QuietHours? Parse(string? from, string? to) =>
        TimeOnly.TryParseExact(from?.Trim(), "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f)
        && TimeOnly.TryParseExact(to?.Trim(), "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? new QuietHours(f, t)
            : null;

    public bool Contains(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
        return From <= To
            ? local >= From && local < To
            : local >= From || local < To;
    }

    public override string ToString() => $"{From:HH:mm}–{To:HH:mm}";
}
