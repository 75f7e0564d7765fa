namespace WazzapDashboard.Fleet;

/// <summary>How much attention a number needs, worst first.</summary>
/// <remarks>Expired (a connected number past WhatsApp's expiry line) is counted on its own, not as at risk.</remarks>
public enum Health { Banned, Disconnected, Expired, AtRisk, Unknown, Healthy }

/// <summary>Counts by <see cref="Health"/>; <see cref="AtRisk"/> leaves out the expired ones, which came later (appended).</summary>
public sealed record FleetSummary(int Total, int Healthy, int AtRisk, int Disconnected, int Banned, int Unknown, int Expired = 0)
{
    public static readonly FleetSummary Empty = new(0, 0, 0, 0, 0, 0);

    public int Of(Health health) => health switch
    {
        Health.Banned => Banned,
        Health.Disconnected => Disconnected,
        Health.Expired => Expired,
        Health.AtRisk => AtRisk,
        Health.Unknown => Unknown,
        _ => Healthy,
    };

    public static FleetSummary Of(IEnumerable<NumberView> numbers)
    {
        var counts = numbers.GroupBy(HealthRules.Of).ToDictionary(g => g.Key, g => g.Count());
        int Count(Health h) => counts.GetValueOrDefault(h);
        return new FleetSummary(counts.Values.Sum(), Count(Health.Healthy), Count(Health.AtRisk),
            Count(Health.Disconnected), Count(Health.Banned), Count(Health.Unknown), Count(Health.Expired));
    }
}

/// <summary>
/// Worst first: a dropped number that runs a campaign (it is silently losing money), then banned,
/// disconnected (newest drop first), expired and at risk (fewest days left, overdue first), unknown, healthy.
/// Within a rank, by phone, so the order is stable between renders.
/// </summary>
public static class HealthRules
{
    public static Health Of(NumberView n) => n.Status switch
    {
        NumberStatus.Banned => Health.Banned,
        NumberStatus.Disconnected => Health.Disconnected,
        NumberStatus.Connected when n.Expired => Health.Expired,
        // A silent number needs attention like one at risk: connected on paper, maybe dead in fact.
        NumberStatus.Connected when n.AtRisk || n.Silent => Health.AtRisk,
        NumberStatus.Connected => Health.Healthy,
        _ => Health.Unknown,
    };

    public static bool LosingCampaign(NumberView n) =>
        n.RunsCampaign && n.Status is NumberStatus.Banned or NumberStatus.Disconnected;

    public static IEnumerable<NumberView> WorstFirst(IEnumerable<NumberView> numbers) => numbers
        .OrderByDescending(LosingCampaign)
        .ThenBy(Of)
        .ThenBy(n => n.DaysUntilExpiry ?? int.MaxValue)
        .ThenByDescending(n => n.StatusChangedAt ?? DateTimeOffset.MinValue)
        .ThenBy(n => n.Phone, StringComparer.Ordinal);
}

/// <summary>One client's (sub-account's) share of the fleet. <see cref="Client"/> is "" for numbers with no client.</summary>
public sealed record ClientSummary(string Client, FleetSummary Summary, int LosingCampaigns)
{
    public int Down => Summary.Banned + Summary.Disconnected;

    /// <summary>Clients with the most trouble first: campaigns losing money, dropped numbers, expired, then at risk.</summary>
    public static IReadOnlyList<ClientSummary> ByClient(IEnumerable<NumberView> numbers) => numbers
        .GroupBy(n => n.Client ?? "", StringComparer.OrdinalIgnoreCase)
        .Select(g => new ClientSummary(g.First().Client ?? "", FleetSummary.Of(g), g.Count(HealthRules.LosingCampaign)))
        .OrderByDescending(c => c.LosingCampaigns)
        .ThenByDescending(c => c.Down)
        .ThenByDescending(c => c.Summary.Expired)
        .ThenByDescending(c => c.Summary.AtRisk)
        .ThenBy(c => c.Client == "")
        .ThenBy(c => c.Client, StringComparer.OrdinalIgnoreCase)
        .ToList();
}
