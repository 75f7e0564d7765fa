using WazzapDashboard.Fleet;

namespace WazzapDashboard.Live;

/// <summary>
/// The whole fleet at one moment, sorted worst first, with its counts: immutable, so every open page
/// can share the same one and keep only a reference to it plus its own filter.
/// </summary>
public sealed class FleetSnapshot
{
    public static readonly FleetSnapshot Empty = Of([], new HashSet<string>());

    private readonly Dictionary<string, ClientSummary> _byClient;

    private FleetSnapshot(NumberView[] worstFirst, IReadOnlyList<ClientSummary> clients, IReadOnlySet<string> changed)
    {
        WorstFirst = worstFirst;
        Clients = clients;
        Changed = changed;
        _byClient = clients.ToDictionary(c => c.Client, StringComparer.OrdinalIgnoreCase);
        All = new ClientSummary("", FleetSummary.Of(worstFirst), worstFirst.Count(HealthRules.LosingCampaign));
    }

    public static FleetSnapshot Of(IEnumerable<NumberView> numbers, IReadOnlySet<string> changed)
    {
        var sorted = HealthRules.WorstFirst(numbers).ToArray();
        return new FleetSnapshot(sorted, ClientSummary.ByClient(sorted), changed);
    }

    /// <summary>Every number on the roster, worst first (<see cref="HealthRules.WorstFirst"/>).</summary>
    public IReadOnlyList<NumberView> WorstFirst { get; }

    /// <summary>The whole fleet's counts: what the hub's <c>FleetSummary</c> sends.</summary>
    public FleetSummary Summary => All.Summary;

    /// <summary>The whole fleet as one "client", for the "All clients" entry.</summary>
    public ClientSummary All { get; }

    /// <summary>Clients with the most trouble first (<see cref="ClientSummary.ByClient"/>).</summary>
    public IReadOnlyList<ClientSummary> Clients { get; }

    /// <summary>The numbers whose change made this snapshot (empty for the first one).</summary>
    public IReadOnlySet<string> Changed { get; }

    /// <summary>A client's counts, in any case; "" for numbers with no client; null when no number has that client.</summary>
    public ClientSummary? Client(string client) => _byClient.GetValueOrDefault(client);
}

/// <summary>
/// The one shared <see cref="FleetSnapshot"/> of the app: loaded on first use, then rebuilt once per
/// burst of changes from the change feed (<see cref="LiveFleet"/> coalesces them) and handed to
/// subscribers. Ten open grids cost one copy of the fleet and one sort per burst, not ten.
/// </summary>
public sealed partial class LiveSnapshot(LiveFleets live, ILogger<LiveSnapshot> logger) : IDisposable
{
    private readonly Subscribers<FleetSnapshot> _subscribers = new(ex => LogSubscriberFailed(logger, ex));
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly Lock _start = new();
    private LiveFleet? _fleet;
    private volatile FleetSnapshot? _current;

    /// <summary>The newest snapshot; the first call loads the fleet.</summary>
    public FleetSnapshot Current
    {
        get
        {
            if (_current is { } current) return current;
            lock (_start)
            {
                if (_current is not null) return _current;
                // Subscribe, then load (LiveFleet does both); a burst arriving meanwhile waits for the first build.
                _oneAtATime.Wait();
                try
                {
                    _fleet = live.Follow(Serialised, Rebuild);
                    _current = FleetSnapshot.Of(_fleet.Numbers, new HashSet<string>());
                }
                finally
                {
                    _oneAtATime.Release();
                }
                return _current;
            }
        }
    }

    /// <summary>Called with each new snapshot; handlers must hand the work off (InvokeAsync) and return.</summary>
    public IDisposable Subscribe(Func<FleetSnapshot, Task> handler)
    {
        var subscription = _subscribers.Subscribe(handler);
        _ = Current;
        return subscription;
    }

    /// <summary>How many pages are listening: a leak shows here.</summary>
    public int SubscriberCount => _subscribers.Count;

    private async Task Serialised(Func<Task> work)
    {
        await _oneAtATime.WaitAsync();
        try { await work(); }
        finally { _oneAtATime.Release(); }
    }

    private Task Rebuild(IReadOnlyList<NumberView> changes)
    {
        var snapshot = FleetSnapshot.Of(_fleet!.Numbers, changes.Select(c => c.Phone).ToHashSet());
        _current = snapshot;
        _subscribers.Publish(snapshot);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A fleet snapshot subscriber failed.")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception ex);

    public void Dispose()
    {
        _fleet?.Dispose();
        _oneAtATime.Dispose();
    }
}
