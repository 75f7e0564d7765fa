using WazzapDashboard.Fleet;

namespace WazzapDashboard.Live;

/// <summary>
/// One subscriber's live copy of the fleet: subscribes to the change feed, then loads the current
/// rows, and hands bursts of changes over as one batch per <c>throttle</c> (the newest view of each
/// number wins), so a storm of webhooks costs a page a few renders, not thousands.
/// </summary>
public sealed class LiveFleet : IDisposable
{
    public static readonly TimeSpan DefaultThrottle = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<string, NumberView> _numbers;
    private readonly Func<Func<Task>, Task> _dispatch;
    private readonly Func<IReadOnlyList<NumberView>, Task> _onChanged;
    private readonly TimeSpan _throttle;
    private readonly IDisposable _subscription;
    private readonly Lock _gate = new();
    private Dictionary<string, NumberView> _pending = [];
    private bool _flushScheduled;

    /// <param name="dispatch">Runs a callback where the owner may touch its state (a component's InvokeAsync).</param>
    /// <param name="onChanged">Called through <paramref name="dispatch"/> after a batch is applied.</param>
    public LiveFleet(ChangeFeed feed, FleetQueries queries, Func<Func<Task>, Task> dispatch,
        Func<IReadOnlyList<NumberView>, Task> onChanged, TimeSpan? throttle = null)
    {
        _dispatch = dispatch;
        _onChanged = onChanged;
        _throttle = throttle ?? DefaultThrottle;
        _subscription = feed.Subscribe(Receive);
        _numbers = queries.All().ToDictionary(n => n.Phone);
    }

    /// <summary>The fleet as of the last applied batch. Read it from the owner's dispatcher only.</summary>
    public IReadOnlyCollection<NumberView> Numbers => _numbers.Values;

    private Task Receive(IReadOnlyList<NumberView> changes)
    {
        lock (_gate)
        {
            foreach (var change in changes) _pending[change.Phone] = change;
            if (_flushScheduled) return Task.CompletedTask;
            _flushScheduled = true;
        }
        _ = FlushAfterThrottle();
        return Task.CompletedTask;
    }

    private async Task FlushAfterThrottle()
    {
        await Task.Delay(_throttle);
        Dictionary<string, NumberView> batch;
        lock (_gate)
        {
            batch = _pending;
            _pending = [];
            _flushScheduled = false;
        }

        await _dispatch(() =>
        {
            foreach (var (phone, view) in batch)
            {
                // A view with RemovedAt means the number left the roster: drop it.
                if (view.RemovedAt is null) _numbers[phone] = view;
                else _numbers.Remove(phone);
            }
            return _onChanged(batch.Values.ToList());
        });
    }

    public void Dispose() => _subscription.Dispose();
}
