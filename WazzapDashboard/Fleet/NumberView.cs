namespace WazzapDashboard.Fleet;

/// <summary>A number as the API, the hub and the pages show it.</summary>
public sealed record NumberView(
    string Phone,
    NumberStatus Status,
    string? Reason,
    ReasonCategory? ReasonCategory,
    string? Country,
    string? AccountName,
    DateTimeOffset? LastEventAt,
    DateTimeOffset? StatusChangedAt,
    DateTimeOffset? PhoneLastSeenAt,
    bool AtRisk,
    int? DaysUntilExpiry,
    string? AcknowledgedBy = null,
    DateTimeOffset? AcknowledgedAt = null)
{
    public static NumberView From(NumberState s, DateTimeOffset now, FleetOptions options)
    {
        var risk = RiskRules.Evaluate(s.Status, s.PhoneLastSeenAt, now, options);
        var ack = s.Acknowledgement is { } a && a.Covers(s.Status, s.StatusChangedAt) ? a : null;
        return new NumberView(s.Phone, s.Status, s.Reason, s.ReasonCategory, s.Country, s.AccountName,
            s.LastEventAt, s.StatusChangedAt, s.PhoneLastSeenAt, risk.AtRisk, risk.DaysUntilExpiry,
            ack?.By, ack?.At);
    }
}
