namespace WazzapDashboard.Alerts;

/// <summary>A change routed to a channel and not yet part of a message (a row of <c>alert_pending</c>).</summary>
public sealed record PendingAlert(long Id, string Channel, Transition Change, DateTimeOffset QueuedAt);

public enum Flush { Hold, Send, Digest }

/// <summary>
/// When a channel's pending changes become messages. Pure: the pending rows, the channel's quiet
/// hours, when its last fleet-incident message went out, and <c>now</c>.
///
/// | situation                                              | decision                                   |
/// |--------------------------------------------------------|--------------------------------------------|
/// | nothing pending                                        | hold                                       |
/// | now is inside the channel's quiet hours                | hold (kept for the digest)                 |
/// | something was queued during quiet hours, now is not    | digest: one message with everything        |
/// | the first pending change is younger than the group wait| hold, so a burst becomes one group         |
/// | an incident went out less than the incident window ago | hold until the window has passed           |
/// | otherwise                                              | send                                       |
/// </summary>
public static class Grouping
{
    public static Flush Decide(IReadOnlyList<PendingAlert> pending, QuietHours? quiet, TimeZoneInfo zone,
        DateTimeOffset? lastIncidentAt, DateTimeOffset now, AlertsOptions options)
    {
        if (pending.Count == 0) return Flush.Hold;
        if (quiet is not null)
        {
            if (quiet.Contains(now, zone)) return Flush.Hold;
            if (pending.Any(p => quiet.Contains(p.QueuedAt, zone))) return Flush.Digest;
        }

        var due = pending.Min(p => p.QueuedAt) + options.GroupWait;
        if (lastIncidentAt is { } incident && incident + options.IncidentWindow > due) due = incident + options.IncidentWindow;
        return now >= due ? Flush.Send : Flush.Hold;
    }

    /// <summary>An incident is still open while its follow-ups arrive within the window (plus the group wait that gathered them).</summary>
    public static bool IncidentOpen(DateTimeOffset? lastIncidentAt, DateTimeOffset now, AlertsOptions options) =>
        lastIncidentAt is { } at && now - at <= options.IncidentWindow + options.GroupWait;
}
