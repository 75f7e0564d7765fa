namespace WazzapDashboard.Fleet;

/// <summary>How much attention a number needs, worst first.</summary>
public enum Health { Banned, Disconnected, AtRisk, Unknown, Healthy }

public sealed record FleetSummary(int Total, int Healthy, int AtRisk, int Disconnected, int Banned, int Unknown)
{
    public static FleetSummary Of(IEnumerable<NumberView> numbers)
    {
        var counts = numbers.GroupBy(HealthRules.Of).ToDictionary(g => g.Key, g => g.Count());
        int Count(Health h) => counts.GetValueOrDefault(h);
        return new FleetSummary(counts.Values.Sum(), Count(Health.Healthy), Count(Health.AtRisk),
            Count(Health.Disconnected), Count(Health.Banned), Count(Health.Unknown));
    }
}

/// <summary>
/// Worst first: banned, disconnected (newest drop first), at risk (fewest days left, overdue first),
/// unknown, healthy. Within a rank, by phone, so the order is stable between renders.
/// </summary>
public static class HealthRules
{
    public static Health Of(NumberView n) => n.Status switch
    {
        NumberStatus.Banned => Health.Banned,
        NumberStatus.Disconnected => Health.Disconnected,
        NumberStatus.Connected when n.AtRisk => Health.AtRisk,
        NumberStatus.Connected => Health.Healthy,
        _ => Health.Unknown,
    };

    public static IEnumerable<NumberView> WorstFirst(IEnumerable<NumberView> numbers) => numbers
        .OrderBy(Of)
        .ThenBy(n => n.DaysUntilExpiry ?? int.MaxValue)
        .ThenByDescending(n => n.StatusChangedAt ?? DateTimeOffset.MinValue)
        .ThenBy(n => n.Phone, StringComparer.Ordinal);
}
