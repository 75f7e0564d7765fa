namespace WazzapDashboard.Fleet;

/// <summary>
/// One accepted delivery, normalised from whichever gateway shape it came in, or a manual confirmation.
/// <see cref="Phone"/> is E.164, or null for a legacy Wazzapi event that names only an account id.
/// <see cref="Actor"/> is who recorded a manual confirmation.
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
    string? Actor = null);

public static class Sources
{
    public const string Wazzapi = "wazzapi";
    public const string Wazzap = "wazzap";
    /// <summary>Confirmed by staff through the API or a page.</summary>
    public const string Manual = "manual";

    /// <summary>Found by polling a gateway's device API (reconciliation).</summary>
    public const string Poll = "poll";
}

/// <summary>The event types staff record by hand.</summary>
public static class ManualEvents
{
    /// <summary>The paired phone was seen powered on: resets the expiry countdown.</summary>
    public const string CheckIn = "check_in";

    /// <summary>The QR code was re-scanned: Wazzap sends no connected event, so staff confirm it.</summary>
    public const string Reconnected = "reconnected";
}

/// <summary>The event types reconciliation records when a gateway's device API disagrees with the dashboard.</summary>
public static class PollEvents
{
    public const string Connected = "poll.connected";
    public const string Disconnected = "poll.disconnected";
}
