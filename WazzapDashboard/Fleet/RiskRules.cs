namespace WazzapDashboard.Fleet;

public sealed record Risk(bool AtRisk, int? DaysUntilExpiry);

/// <summary>
/// WhatsApp expires a linked device whose phone has been offline <see cref="FleetOptions.ExpiryDays"/> days,
/// and no webhook announces it. Only a connected number is at risk; a dropped one already needs attention.
///
/// | days since phone seen | atRisk | daysUntilExpiry (defaults 7 / 14) |
/// |-----------------------|--------|-----------------------------------|
/// | 0 … &lt;7               | false  | 14 … 8 (whole days left, floored) |
/// | 7 … &lt;14              | true   | 7 … 0                             |
/// | ≥ 14                  | true   | negative: overdue                 |
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
        return new Risk(offline >= TimeSpan.FromDays(options.AtRiskAfterDays), (int)Math.Floor(left.TotalDays));
    }
}
