namespace WazzapDashboard.Fleet;

/// <summary>
/// One accepted delivery, normalised from whichever gateway shape it came in, or a manual confirmation.
/// <see cref="Phone"/> is E.164, or null for a legacy Wazzapi event that names only an account id.
/// <see cref="Actor"/> is who recorded a manual confirmation. <see cref="ClaimedAt"/> is the sender's own
/// event time when it lay too far ahead of the receipt to be believed (see <see cref="WithinTolerance"/>).
/// </summary>
public sealed record FleetEvent(
    string Source,
    string DedupeKey,
    string? AttemptId,
    string EventType,
    string? Phone,
    string? Country,
    string? AccountId,
    string? AccountName,
    string? Reason,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    string Payload,
    string? Actor = null,
    DateTimeOffset? ClaimedAt = null)
{
    /// <summary>
    /// An event time more than <paramref name="tolerance"/> ahead of the receipt counts as the receipt time:
    /// believed, a date such as 9999-12-31 would stay the newest event for ever and freeze its number.
    /// The claimed time is kept in <see cref="ClaimedAt"/> for the history.
    /// </summary>
    public FleetEvent WithinTolerance(TimeSpan tolerance) =>
        OccurredAt - ReceivedAt > tolerance ? this with { OccurredAt = ReceivedAt, ClaimedAt = OccurredAt } : this;
}

public static class Sources
{
    public const string Wazzapi = "wazzapi";
    public const string Wazzap = "wazzap";
    /// <summary>Confirmed by staff through the API or a page.</summary>
    public const string Manual = "manual";
}

/// <summary>The event types staff record by hand.</summary>
public static class ManualEvents
{
    /// <summary>The paired phone was seen powered on: resets the expiry countdown.</summary>
    public const string CheckIn = "check_in";

    /// <summary>The QR code was re-scanned: Wazzap sends no connected event, so staff confirm it.</summary>
    public const string Reconnected = "reconnected";
}
