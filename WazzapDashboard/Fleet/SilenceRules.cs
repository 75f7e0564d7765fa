using System.ComponentModel.DataAnnotations;

namespace WazzapDashboard.Fleet;

/// <summary>Section <c>Fleet</c>: when a connected number that usually sends counts as silent.</summary>
public sealed class SilenceOptions
{
    /// <summary>Never silent sooner than this, however regular the number's pattern.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan SilentAfter { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How often the numbers' message patterns are read and compared with their silence.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SilentCheckInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Pure silence rule, for a number's messages and for a gateway's deliveries alike. The pattern is the
/// hours (Unix hour numbers) in the last <see cref="Window"/> with any activity; its usual quiet is the
/// longest run of empty hours between two active ones. Quiet is "far longer" than usual at
/// <see cref="Factor"/> times that run, and never sooner than the minimum (<c>Fleet:SilentAfter</c>,
/// <c>Ingest:GatewaySilentAfter</c>). Too little activity is no pattern, and no pattern is never silent.
///
/// | activity in the last 14 days                      | usual quiet | quiet now (minimum 6 h) | silent |
/// |---------------------------------------------------|-------------|-------------------------|--------|
/// | none (never sends)                                | –           | any                     | no     |
/// | fewer than 3 active hours                         | –           | any                     | no     |
/// | 3+ active hours, all within one day               | –           | any                     | no     |
/// | every hour, round the clock                       | 0 h         | 5 h                     | no     |
/// | every hour, round the clock                       | 0 h         | 6 h                     | yes    |
/// | daytime only, 10 quiet hours each night           | 10 h        | 19 h                    | no     |
/// | daytime only, 10 quiet hours each night           | 10 h        | 20 h                    | yes    |
/// | weekdays only (62 quiet hours each weekend)       | 62 h        | 100 h                   | no     |
/// </summary>
public static class SilenceRules
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(14);
    public const int Factor = 2;
    public const int MinActiveHours = 3;
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>The Unix hour number an instant falls in.</summary>
    public static long HourOf(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / (long)Hour.TotalMilliseconds;

    /// <summary>How long quiet must last to be silence; null when the hours show no pattern.</summary>
    public static TimeSpan? Threshold(IReadOnlyCollection<long> activeHours, TimeSpan minimum)
    {
        if (activeHours.Count < MinActiveHours) return null;
        var hours = activeHours.Order().ToList();
        if (hours[^1] - hours[0] < 24) return null;
        var longestRun = hours.Zip(hours.Skip(1), (a, b) => b - a - 1).Max();
        var usual = Hour * (Factor * longestRun);
        return usual > minimum ? usual : minimum;
    }

    public static bool IsSilent(IReadOnlyCollection<long> activeHours, DateTimeOffset? lastActivity, DateTimeOffset now, TimeSpan minimum) =>
        lastActivity is { } last && Threshold(activeHours, minimum) is { } threshold && now - last >= threshold;
}
