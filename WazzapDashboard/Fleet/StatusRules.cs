namespace WazzapDashboard.Fleet;

/// <summary>What an event says about its number's status.</summary>
public sealed record EventOutcome(NumberStatus? Status, ReasonCategory? Category, bool PhoneSeen = false)
{
    public static readonly EventOutcome None = new(null, null);
}

/// <summary>
/// Pure status rules. The event with the newest event time decides a number's state; an older
/// event arriving late is history only (Wazzapi retries for a day, so late and out-of-order is normal).
///
/// | event type                                     | reason says banned | outcome                         |
/// |------------------------------------------------|--------------------|---------------------------------|
/// | device.connected, session.connected, connected | -                  | connected; phone seen online    |
/// | reconnected (manual: QR re-scanned)            | -                  | connected; phone seen online    |
/// | check_in (manual: phone seen powered on)       | -                  | phone seen online; status kept  |
/// | device/session.disconnected, Wazzap disconnect | no                 | disconnected, category by reason|
/// | device/session.disconnected, Wazzap disconnect | yes                | banned                          |
/// | *logout / logged_out                           | no                 | disconnected, logged_out        |
/// | message.failed                                 | yes                | banned                          |
/// | message.* otherwise                            | -                  | activity only (last event time) |
/// | poll.connected (device API said connected)     | -                  | connected; phone NOT seen       |
/// | poll.disconnected (device API said so)         | as above           | as a disconnection              |
/// | anything else                                  | -                  | history only                    |
///
/// A silent number (<see cref="NumberState.SilentSince"/>) stops being silent with a message newer than
/// its silence, or with a newer status: a fresh session starts a fresh pattern.
/// </summary>
public static class StatusRules
{
    public static EventOutcome Outcome(string eventType, string? reason)
    {
        var type = eventType.Trim().ToLowerInvariant();
        // Pairing needs the phone, so every connection proves the phone was online.
        if (type is "device.connected" or "session.connected" or "connected" or ManualEvents.Reconnected)
        {
            return new(NumberStatus.Connected, null, PhoneSeen: true);
        }
        // A session the device API lists as connected keeps working with the phone off: it proves nothing about the phone.
        if (type == PollEvents.Connected)
        {
            return new(NumberStatus.Connected, null);
        }
        if (type == ManualEvents.CheckIn)
        {
            return new(null, null, PhoneSeen: true);
        }
        if (IsDisconnection(type))
        {
            var category = ReasonClassifier.Classify(reason, type);
            return category == ReasonCategory.Banned
                ? new(NumberStatus.Banned, ReasonCategory.Banned)
                : new(NumberStatus.Disconnected, category);
        }
        if (type == "message.failed" && ReasonClassifier.SaysBanned(reason))
        {
            return new(NumberStatus.Banned, ReasonCategory.Banned);
        }
        return EventOutcome.None;
    }

    private static bool IsDisconnection(string type) =>
        type.Contains("disconnect", StringComparison.Ordinal)
        || type.Contains("logout", StringComparison.Ordinal)
        || type.Contains("logged_out", StringComparison.Ordinal)
        || type.Contains("log_out", StringComparison.Ordinal)
        || type.Contains("banned", StringComparison.Ordinal);

    public static NumberState Apply(NumberState current, FleetEvent e) => Apply(current, e, Outcome(e.EventType, e.Reason));

    /// <summary>Applies <paramref name="e"/> whose <see cref="Outcome"/> the caller has already worked out.</summary>
    public static NumberState Apply(NumberState current, FleetEvent e, EventOutcome outcome)
    {
        var isNewest = current.LastEventAt is not { } last || e.OccurredAt >= last;
        var next = current with
        {
            Country = current.Country ?? e.Country,
            AccountName = isNewest ? e.AccountName ?? current.AccountName : current.AccountName ?? e.AccountName,
            AccountId = isNewest ? e.AccountId ?? current.AccountId : current.AccountId ?? e.AccountId,
            LastEventAt = Latest(current.LastEventAt, e.OccurredAt),
            // Even a late "connected" or check-in proves the phone was online then.
            PhoneLastSeenAt = outcome.PhoneSeen
                ? Latest(current.PhoneLastSeenAt, e.OccurredAt)
                : current.PhoneLastSeenAt,
            SilentSince = current.SilentSince is { } quiet && IsMessage(e.EventType) && e.OccurredAt > quiet ? null : current.SilentSince,
        };

        if (outcome.Status is not { } status || current.StateEventAt > e.OccurredAt)
        {
            return next;
        }

        return next with
        {
            SilentSince = null,
            Status = status,
            Reason = e.Reason,
            ReasonCategory = outcome.Category,
            StateEventAt = e.OccurredAt,
            StatusChangedAt = status == current.Status && current.StatusChangedAt is not null
                ? current.StatusChangedAt
                : e.OccurredAt,
        };
    }

    public static bool IsMessage(string eventType) => eventType.TrimStart().StartsWith("message.", StringComparison.OrdinalIgnoreCase);

    private static DateTimeOffset Latest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;
}
