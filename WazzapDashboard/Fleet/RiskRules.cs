namespace WazzapDashboard.Fleet;

public sealed record Risk(bool AtRisk, int? DaysUntilExpiry, bool Expired = false);

/// <summary>
/// WhatsApp expires a linked device whose phone has been offline <see cref="FleetOptions.ExpiryDays"/> days,
/// and no webhook announces it. Only a connected number is at risk; a dropped one already needs attention.
/// Past the line a number still reported connected is <c>expired</c>: its session has probably dropped unseen.
///
/// | days since phone seen | atRisk | daysUntilExpiry (defaults 7 / 14) | expired |
/// |-----------------------|--------|-----------------------------------|---------|
/// | 0 … &lt;7               | false  | 14 … 8 (whole days left, floored) | false   |
/// | 7 … &lt;14              | true   | 7 … 0                             | false   |
/// | ≥ 14                  | true   | 0, then negative: overdue         | true    |
/// | not connected / never seen | false | null                        | false   |
///
/// Every value changes only at whole days after the phone was seen, so a number's risk changes at
/// most once a day: <see cref="RiskMonitor"/> relies on that to push only what moved.
/// </summary>
public static class RiskRules
{
    public static Risk Evaluate(NumberStatus status, DateTimeOffset? phoneLastSeenAt, DateTimeOffset now, FleetOptions options)
    {
        if (status != NumberStatus.Connected || phoneLastSeenAt is not { } seen)
        {
            return new Risk(false, null);
        }

        var offline = now - seen;
        var left = TimeSpan.FromDays(options.ExpiryDays) - offline;
        return new Risk(
            offline >= TimeSpan.FromDays(options.AtRiskAfterDays),
            (int)Math.Floor(left.TotalDays),
            offline >= TimeSpan.FromDays(options.ExpiryDays));
    }
}
