namespace WazzapDashboard.Fleet;

/// <summary>
/// One accepted delivery, normalised from whichever gateway shape it came in.
/// <see cref="Phone"/> is E.164, or null for a legacy Wazzapi event that names only an account id.
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
    string Payload);

public static class Sources
{
    public const string Wazzapi = "wazzapi";
    public const string Wazzap = "wazzap";
}
