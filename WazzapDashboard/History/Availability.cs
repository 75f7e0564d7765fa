using WazzapDashboard.Fleet;

namespace WazzapDashboard.History;

/// <summary>A stretch of time in one status, clipped to the window it was computed for.</summary>
public sealed record StatusSegment(DateTimeOffset Start, DateTimeOffset End, NumberStatus Status)
{
    public TimeSpan Duration => End - Start;
}

/// <summary>A number's availability over one window, ending now.</summary>
public sealed record AvailabilityReport(
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    IReadOnlyList<StatusSegment> Segments,
    double? UptimePercent,
    int Disconnections,
    TimeSpan? MeanTimeToReconnect,
    TimeSpan? LongestOutage,
    NumberStatus CurrentStatus,
    DateTimeOffset? CurrentSince);

/// <summary>
/// Availability from a number's status changes (events whose status is set). Pure: the caller
/// passes the changes, the window's start and now.
///
/// | measure            | how                                                                               |
/// |--------------------|-----------------------------------------------------------------------------------|
/// | segments           | the status in force at each instant of [windowStart, now]; before the first known change: unknown |
/// | uptime %           | connected time ÷ time with a known status, inside the window; null when none is known |
/// | disconnections     | outages that began inside the window                                               |
/// | outage             | a run of disconnected/banned (a disconnection that becomes a ban is one outage)     |
/// | mean to reconnect  | outages that ended with a reconnect inside the window, measured whole (from their real start, even before the window) |
/// | longest outage     | the longest outage overlapping the window, measured whole; an open one runs to now |
/// | current state      | the last status and when the number entered it                                     |
///
/// Changes are ordered by time, so arrival order does not matter; two changes at the same instant
/// keep the order given (the store passes them by id, so the later arrival wins, as in <see cref="StatusRules"/>).
/// Changes after now are ignored. To colour the start of the window, pass the last change before it too.
/// </summary>
public static class Availability
{
    public static AvailabilityReport Compute(IReadOnlyList<(DateTimeOffset At, NumberStatus Status)> changes, DateTimeOffset windowStart, DateTimeOffset now)
    {
        var transitions = Transitions(changes, now);
        var current = transitions.Count > 0 ? transitions[^1] : default((DateTimeOffset At, NumberStatus Status)?);
        if (windowStart >= now)
        {
            return new AvailabilityReport(windowStart, now, [], null, 0, null, null,
                current?.Status ?? NumberStatus.Unknown, current?.At);
        }

        var segments = Segments(transitions, windowStart, now);
        var known = segments.Where(s => s.Status != NumberStatus.Unknown).Sum(s => s.Duration.Ticks);
        var up = segments.Where(s => s.Status == NumberStatus.Connected).Sum(s => s.Duration.Ticks);
        var outages = Outages(transitions, now).Where(o => o.End > windowStart).ToList();
        var reconnected = outages.Where(o => o.Reconnected).Select(o => o.End - o.Start).ToList();

        return new AvailabilityReport(
            windowStart,
            now,
            segments,
            known > 0 ? 100.0 * up / known : null,
            outages.Count(o => o.Start >= windowStart),
            reconnected.Count > 0 ? TimeSpan.FromTicks((long)reconnected.Average(d => d.Ticks)) : null,
            outages.Count > 0 ? outages.Max(o => o.End - o.Start) : null,
            current?.Status ?? NumberStatus.Unknown,
            current?.At);
    }

    public static bool IsDown(NumberStatus status) => status is NumberStatus.Disconnected or NumberStatus.Banned;

    /// <summary>The changes in time order, keeping only those that change the status.</summary>
    private static List<(DateTimeOffset At, NumberStatus Status)> Transitions(IReadOnlyList<(DateTimeOffset At, NumberStatus Status)> changes, DateTimeOffset now)
    {
        var transitions = new List<(DateTimeOffset At, NumberStatus Status)>();
        foreach (var change in changes.Where(c => c.At <= now).OrderBy(c => c.At)) // OrderBy is stable
        {
            if (transitions.Count > 0 && transitions[^1].At == change.At)
            {
                transitions.RemoveAt(transitions.Count - 1); // same instant: the later one wins
            }
            if (transitions.Count == 0 || transitions[^1].Status != change.Status)
            {
                transitions.Add(change);
            }
        }
        return transitions;
    }

    private static List<StatusSegment> Segments(List<(DateTimeOffset At, NumberStatus Status)> transitions, DateTimeOffset windowStart, DateTimeOffset now)
    {
        var segments = new List<StatusSegment>();
        var status = NumberStatus.Unknown;
        var start = windowStart;
        foreach (var (at, next) in transitions)
        {
            if (at <= windowStart)
            {
                status = next;
                continue;
            }
            segments.Add(new StatusSegment(start, at, status));
            (start, status) = (at, next);
        }
        segments.Add(new StatusSegment(start, now, status));
        return segments;
    }

    private sealed record Outage(DateTimeOffset Start, DateTimeOffset End, bool Reconnected);

    /// <summary>Every run of down statuses, whole: from the first drop to the next connected, or to now.</summary>
    private static IEnumerable<Outage> Outages(List<(DateTimeOffset At, NumberStatus Status)> transitions, DateTimeOffset now)
    {
        DateTimeOffset? start = null;
        foreach (var (at, status) in transitions)
        {
            if (IsDown(status))
            {
                start ??= at;
            }
            else if (start is { } began)
            {
                yield return new Outage(began, at, Reconnected: status == NumberStatus.Connected);
                start = null;
            }
        }
        if (start is { } open) yield return new Outage(open, now, Reconnected: false);
    }
}
