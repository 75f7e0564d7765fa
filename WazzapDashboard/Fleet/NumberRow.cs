namespace WazzapDashboard.Fleet;

/// <summary>
/// A row of <c>numbers</c>, column for column, read with its acknowledgement from <c>incidents</c>
/// (a table of its own, so saving a number's state never touches it); instants are Unix milliseconds.
/// </summary>
internal sealed class NumberRow
{
    /// <summary>The columns the gateways' events decide; the webhook writer saves these and no others.</summary>
    public const string StatusColumns =
        "phone, country, account_name, account_id, status, reason, reason_category, state_event_at, status_changed_at, last_event_at, phone_last_seen_at";

    /// <summary>
    /// Reads numbers (everything a view needs: the status columns, then the roster's) with their
    /// acknowledgement, in one statement: one snapshot, never a mix. Filter on <c>n.</c> columns.
    /// </summary>
    public const string Select = """
        SELECT n.phone, n.country, n.account_name, n.account_id, n.status, n.reason, n.reason_category,
               n.state_event_at, n.status_changed_at, n.last_event_at, n.phone_last_seen_at,
               n.client, n.label, n.owner, n.notes, n.runs_campaign, n.removed_at,
               i.acknowledged_by, i.acknowledged_at, i.outage_since
        FROM numbers n LEFT JOIN incidents i ON i.phone = n.phone
        """;

    public required string Phone { get; init; }
    public string? Country { get; init; }
    public string? AccountName { get; init; }
    public string? AccountId { get; init; }
    public required string Status { get; init; }
    public string? Reason { get; init; }
    public string? ReasonCategory { get; init; }
    public long? StateEventAt { get; init; }
    public long? StatusChangedAt { get; init; }
    public long? LastEventAt { get; init; }
    public long? PhoneLastSeenAt { get; init; }
    public string? Client { get; init; }
    public string? Label { get; init; }
    public string? Owner { get; init; }
    public string? Notes { get; init; }
    public bool RunsCampaign { get; init; }
    public long? RemovedAt { get; init; }
    public string? AcknowledgedBy { get; init; }
    public long? AcknowledgedAt { get; init; }
    public long? OutageSince { get; init; }

    public NumberState ToState() => new(
        Phone, Country, AccountName, AccountId,
        WireNames.FromWire<NumberStatus>(Status), Reason,
        ReasonCategory is null ? null : WireNames.FromWire<ReasonCategory>(ReasonCategory),
        Time.FromMs(StateEventAt), Time.FromMs(StatusChangedAt), Time.FromMs(LastEventAt), Time.FromMs(PhoneLastSeenAt),
        Client, Label, Owner, Notes, RunsCampaign, Time.FromMs(RemovedAt),
        AcknowledgedBy is { } by && AcknowledgedAt is { } at
            ? new Acknowledgement(by, Time.FromMs(at)!.Value, Time.FromMs(OutageSince))
            : null);

    /// <summary>The status columns of <paramref name="s"/>, to save: the roster's are written by roster actions.</summary>
    public static NumberRow From(NumberState s) => new()
    {
        Phone = s.Phone,
        Country = s.Country,
        AccountName = s.AccountName,
        AccountId = s.AccountId,
        Status = s.Status.ToWire(),
        Reason = s.Reason,
        ReasonCategory = s.ReasonCategory?.ToWire(),
        StateEventAt = Time.ToMs(s.StateEventAt),
        StatusChangedAt = Time.ToMs(s.StatusChangedAt),
        LastEventAt = Time.ToMs(s.LastEventAt),
        PhoneLastSeenAt = Time.ToMs(s.PhoneLastSeenAt),
    };
}

/// <summary>The database stores instants as Unix milliseconds (UTC).</summary>
internal static class Time
{
    public static DateTimeOffset? FromMs(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
    public static long? ToMs(DateTimeOffset? t) => t?.ToUnixTimeMilliseconds();
}
