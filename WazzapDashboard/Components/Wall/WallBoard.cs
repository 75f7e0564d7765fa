using WazzapDashboard.Fleet;

namespace WazzapDashboard.Components.Wall;

/// <summary>Where a number stands on the wall, worst first. Unlike <see cref="Health"/>, an expired link is not "at risk": it has probably dropped already.</summary>
public enum Standing { Banned, Disconnected, Expired, AtRisk, Unknown, Healthy }

/// <summary>The wall's counters.</summary>
public sealed record WallCounts(int Total, int Banned, int Disconnected, int Expired, int AtRisk, int Unknown, int Healthy)
{
    public static Standing StandingOf(NumberView n) => HealthRules.Of(n) switch
    {
        Health.Banned => Standing.Banned,
        Health.Disconnected => Standing.Disconnected,
        Health.Expired => Standing.Expired,
        Health.AtRisk => Standing.AtRisk,
        Health.Unknown => Standing.Unknown,
        _ => Standing.Healthy,
    };

    public static bool NeedsAttention(NumberView n) => StandingOf(n) is not (Standing.Unknown or Standing.Healthy);

    public static WallCounts Of(IEnumerable<NumberView> numbers)
    {
        var counts = new int[Enum.GetValues<Standing>().Length];
        var total = 0;
        foreach (var n in numbers)
        {
            counts[(int)StandingOf(n)]++;
            total++;
        }
        return new WallCounts(total, counts[(int)Standing.Banned], counts[(int)Standing.Disconnected], counts[(int)Standing.Expired],
            counts[(int)Standing.AtRisk], counts[(int)Standing.Unknown], counts[(int)Standing.Healthy]);
    }

    public int NeedAttention => Banned + Disconnected + Expired + AtRisk;

    /// <summary>The worst standing of any number counted here.</summary>
    public Standing Worst =>
        Banned > 0 ? Standing.Banned : Disconnected > 0 ? Standing.Disconnected : Expired > 0 ? Standing.Expired
        : AtRisk > 0 ? Standing.AtRisk : Unknown > 0 ? Standing.Unknown : Standing.Healthy;
}

/// <summary>One client's trouble on a summary tile. <see cref="Client"/> is "" for numbers with no client.</summary>
public sealed record ClientTile(string Client, WallCounts Counts, int CampaignsDown)
{
    /// <summary>Worst client first: most banned, then disconnected, expired, at risk, campaign numbers down; then by name.</summary>
    public static IReadOnlyList<ClientTile> Of(IEnumerable<NumberView> numbers) => numbers
        .GroupBy(n => n.Client ?? "", StringComparer.OrdinalIgnoreCase)
        .Select(g => new ClientTile(g.First().Client ?? "", WallCounts.Of(g), g.Count(HealthRules.LosingCampaign)))
        .Where(c => c.Counts.NeedAttention > 0)
        .OrderByDescending(c => c.Counts.Banned)
        .ThenByDescending(c => c.Counts.Disconnected)
        .ThenByDescending(c => c.Counts.Expired)
        .ThenByDescending(c => c.Counts.AtRisk)
        .ThenByDescending(c => c.CampaignsDown)
        .ThenBy(c => c.Client == "")
        .ThenBy(c => c.Client, StringComparer.OrdinalIgnoreCase)
        .ToList();
}

/// <summary>What the wall's middle shows.</summary>
public enum WallMode
{
    /// <summary>No number matches (an unknown client, an empty fleet): neutral, never a tick.</summary>
    NoNumbers,
    /// <summary>Every number shown is healthy: the only state with a green tick.</summary>
    AllClear,
    /// <summary>Nothing needs attention but some numbers have never reported: neutral.</summary>
    NothingToDo,
    /// <summary>One tile per number needing attention, paged when they do not fit.</summary>
    Numbers,
    /// <summary>One tile per client with numbers needing attention, paged when they do not fit.</summary>
    Clients,
}

/// <summary>
/// What the wall shows for a set of numbers and a page index (the page turns every <c>Wall:PageSeconds</c>):
///
/// | numbers | need attention          | clients among them | mode                      |
/// |---------|-------------------------|--------------------|---------------------------|
/// | none    |                         |                    | NoNumbers                 |
/// | some    | none, all healthy       |                    | AllClear                  |
/// | some    | none, some unknown      |                    | NothingToDo               |
/// | some    | up to 3 pages of tiles  |                    | Numbers, paged            |
/// | some    | more than 3 pages       | two or more        | Clients (paged if needed) |
/// | some    | more than 3 pages       | one                | Numbers, paged            |
///
/// Up to three pages a person can still follow one number at a time; beyond that (a big outage) the
/// numbers are summed up by client, worst client first.
/// </summary>
public sealed record WallBoard(
    WallMode Mode,
    WallCounts Counts,
    IReadOnlyList<NumberView> Tiles,
    IReadOnlyList<ClientTile> ClientTiles,
    int Page,
    int Pages,
    int ClientsWithTrouble)
{
    /// <summary>4 columns by 3 rows (2 by 6 upright): the tiles scale with the screen, so every screen holds as many,
    /// each big enough to read its phone number from 4 m.</summary>
    public const int TileSlots = 12;

    /// <summary>Pages of numbers before the wall sums them up by client instead.</summary>
    public const int MaxNumberPages = 3;

    /// <summary>Numbers needing attention that have no tile of their own on this page.</summary>
    public int NumbersNotOnScreen => Mode == WallMode.Numbers ? Counts.NeedAttention - Tiles.Count : Mode == WallMode.Clients ? Counts.NeedAttention : 0;

    /// <summary>Clients needing attention that are not on this page.</summary>
    public int ClientsNotOnScreen => Mode == WallMode.Clients ? ClientsWithTrouble - ClientTiles.Count : 0;

    /// <summary><paramref name="page"/> wraps around: the wall keeps counting and this keeps it in range.</summary>
    public static WallBoard Of(IReadOnlyCollection<NumberView> numbers, int page, int slots = TileSlots)
    {
        var counts = WallCounts.Of(numbers);
        if (counts.Total == 0) return Empty(WallMode.NoNumbers, counts);
        if (counts.NeedAttention == 0) return Empty(counts.Healthy == counts.Total ? WallMode.AllClear : WallMode.NothingToDo, counts);

        var attention = HealthRules.WorstFirst(numbers.Where(WallCounts.NeedsAttention)).ToList();
        if (attention.Count > slots * MaxNumberPages)
        {
            var clients = ClientTile.Of(attention);
            if (clients.Count > 1)
            {
                var clientPages = PageCount(clients.Count, slots);
                var clientPage = Wrap(page, clientPages);
                return new WallBoard(WallMode.Clients, counts, [], clients.Skip(clientPage * slots).Take(slots).ToList(),
                    clientPage, clientPages, clients.Count);
            }
        }
        var pages = PageCount(attention.Count, slots);
        var current = Wrap(page, pages);
        return new WallBoard(WallMode.Numbers, counts, attention.Skip(current * slots).Take(slots).ToList(), [], current, pages, 0);
    }

    private static WallBoard Empty(WallMode mode, WallCounts counts) => new(mode, counts, [], [], 0, 1, 0);

    private static int PageCount(int items, int slots) => Math.Max(1, (items + slots - 1) / slots);

    private static int Wrap(int page, int pages) => ((page % pages) + pages) % pages;
}
