namespace WazzapDashboard.Fleet;

/// <summary>
/// A number as the API, the hub and the pages show it. Fields after <see cref="DaysUntilExpiry"/> came
/// later and are appended, so the JSON keeps its original order. On the change feed, a view with
/// <see cref="RemovedAt"/> set means the number left the roster (removed or purged): drop it from lists.
/// </summary>
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
    bool Expired = false,
    string? Client = null,
    string? Label = null,
    string? Owner = null,
    string? Notes = null,
    bool RunsCampaign = false,
    DateTimeOffset? RemovedAt = null,
    string? AcknowledgedBy = null,
    DateTimeOffset? AcknowledgedAt = null,
    bool Silent = false,
    DateTimeOffset? SilentSince = null)
{
    public static NumberView From(NumberState s, DateTimeOffset now, FleetOptions options)
    {
        var risk = RiskRules.Evaluate(s.Status, s.PhoneLastSeenAt, now, options);
        // Only a connected number can be silent: a drop says more than silence does.
        var silent = s.Status == NumberStatus.Connected ? s.SilentSince : null;
        var ack = s.Acknowledgement is { } a && a.Covers(s.Status, s.StatusChangedAt, s.PhoneLastSeenAt, risk.AtRisk) ? a : null;
        return new NumberView(s.Phone, s.Status, s.Reason, s.ReasonCategory, s.Country, s.AccountName,
            s.LastEventAt, s.StatusChangedAt, s.PhoneLastSeenAt, risk.AtRisk, risk.DaysUntilExpiry, risk.Expired,
            s.Client, s.Label, s.Owner, s.Notes, s.RunsCampaign, s.RemovedAt, ack?.By, ack?.At,
            silent is not null, silent);
    }
}
