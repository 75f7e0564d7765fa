namespace WazzapDashboard.Fleet;

/// <summary>
/// What the fleet grid shows, as its address says it (<c>?client=Acme&amp;status=at_risk&amp;q=sales</c>):
/// the grid and its CSV download apply the same filter.
/// </summary>
/// <param name="Client">One client, in any case; "" for numbers with no client; null for all.</param>
/// <param name="Health">One health (a counter pressed); null for all.</param>
/// <param name="Search">The search box (<see cref="SearchFor"/>).</param>
public sealed record FleetFilter(string? Client = null, Health? Health = null, string? Search = null)
{
    public bool IsEmpty => Client is null && Health is null && string.IsNullOrWhiteSpace(Search);

    /// <summary>The filter from the address's <c>client</c>, <c>status</c> (a health in snake_case) and <c>q</c>; an unknown status is ignored.</summary>
    public static FleetFilter From(string? client, string? status, string? search) =>
        new(client, ParseHealth(status), string.IsNullOrWhiteSpace(search) ? null : search);

    public static Health? ParseHealth(string? status) =>
        !string.IsNullOrWhiteSpace(status) && Enum.TryParse<Health>(status.Replace("_", ""), ignoreCase: true, out var health)
            && Enum.IsDefined(health) && !int.TryParse(status, out _)
            ? health : null;

    /// <summary>The query string for this filter, without the <c>?</c>; empty when it shows everything.</summary>
    public string ToQuery()
    {
        var parts = new List<string>();
        if (Client is not null) parts.Add("client=" + Uri.EscapeDataString(Client));
        if (Health is { } health) parts.Add("status=" + health.ToWire());
        if (!string.IsNullOrWhiteSpace(Search)) parts.Add("q=" + Uri.EscapeDataString(Search));
        return string.Join('&', parts);
    }

    /// <summary>The numbers of <paramref name="worstFirst"/> that match, in the same order; the same list when nothing filters.</summary>
    public IReadOnlyList<NumberView> Apply(IReadOnlyList<NumberView> worstFirst)
    {
        if (IsEmpty) return worstFirst;
        var search = SearchFor(Search);
        return worstFirst.Where(n => InClient(n) && (Health is not { } h || HealthRules.Of(n) == h) && search(n)).ToList();
    }

    public bool InClient(NumberView n) =>
        Client is null || string.Equals(n.Client ?? "", Client, StringComparison.OrdinalIgnoreCase);

    /// <summary>What the search boxes match: the phone's digits in any format, or a name staff gave it; worked out once for a whole list.</summary>
    public static Func<NumberView, bool> SearchFor(string? search)
    {
        if (string.IsNullOrWhiteSpace(search)) return _ => true;
        var text = search.Trim();
        var digits = new string(text.Where(char.IsDigit).ToArray());
        return n => (digits.Length > 0 && n.Phone.Contains(digits, StringComparison.Ordinal))
            || Has(n.AccountName, text) || Has(n.Client, text) || Has(n.Label, text) || Has(n.Owner, text);
    }

    private static bool Has(string? field, string text) => field?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false;
}
