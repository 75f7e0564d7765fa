using Microsoft.Extensions.Options;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Live;

/// <summary>Starts <see cref="LiveFleet"/>s: the pages and the hub follow the fleet through here.</summary>
public sealed class LiveFleets(ChangeFeed feed, FleetQueries queries, TimeProvider time, IOptions<LiveOptions> options, ILogger<LiveFleet> logger)
{
    /// <inheritdoc cref="LiveFleet(ChangeFeed, FleetQueries, TimeProvider, TimeSpan, ILogger, Func{Func{Task}, Task}, Func{IReadOnlyList{NumberView}, Task})"/>
    public LiveFleet Follow(Func<Func<Task>, Task> dispatch, Func<IReadOnlyList<NumberView>, Task> onChanged) =>
        new(feed, queries, time, options.Value.Throttle, logger, dispatch, onChanged);
}

/// <summary>
/// One subscriber's live copy of the fleet: subscribes to the change feed, then loads the current
/// rows, and hands bursts of changes over as one batch per <c>throttle</c> on <c>time</c> (the newest view of each
/// number wins), so a storm of webhooks costs a page a few renders, not thousands. A batch that fails to
/// apply is logged, and the next burst is handled as usual; once disposed, nothing more is handed over.
/// A view another instance committed replaces the one held only when <see cref="ViewOrder.Replaces"/> says so.
/// </summary>
public sealed partial class LiveFleet : IDisposable
{
    private readonly Dictionary<string, NumberView> _numbers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<Func<Task>, Task> _dispatch;
    private readonly Func<IReadOnlyList<NumberView>, Task> _onChanged;
    private readonly TimeSpan _throttle;
    private readonly IDisposable _subscription;
    private readonly Lock _gate = new();
    private Dictionary<string, (NumberView View, Committed Where)> _pending = [];
    private Dictionary<string, NumberView> _pendingHere = [];
    private bool _flushScheduled;
    private bool _disposed;

    /// <param name="dispatch">Runs a callback where the owner may touch its state (a component's InvokeAsync).</param>
    /// <param name="onChanged">Called through <paramref name="dispatch"/> after a batch is applied.</param>
    public LiveFleet(ChangeFeed feed, FleetQueries queries, TimeProvider time, TimeSpan throttle, ILogger logger,
        Func<Func<Task>, Task> dispatch, Func<IReadOnlyList<NumberView>, Task> onChanged)
    {
        _time = time;
        _throttle = throttle;
        _logger = logger;
        _dispatch = dispatch;
        _onChanged = onChanged;
        _subscription = feed.Subscribe(Receive);
        _numbers = queries.All().ToDictionary(n => n.Phone);
    }

    /// <summary>The fleet as of the last applied batch. Read it from the owner's dispatcher only.</summary>
    public IReadOnlyCollection<NumberView> Numbers => _numbers.Values;

    /// <summary>
    /// The views of the batch being handed over that this instance committed itself, every one of them (the
    /// rest came from other instances). Read it from <c>onChanged</c>.
    /// </summary>
    public IReadOnlyList<NumberView> CommittedHere { get; private set; } = [];

    private Task Receive(IReadOnlyList<NumberView> changes, Committed where)
    {
        lock (_gate)
        {
            foreach (var change in changes)
            {
                if (where == Committed.Here) _pendingHere[change.Phone] = change;
                else if (_pending.TryGetValue(change.Phone, out var held) && !ViewOrder.Replaces(change, held.View)) continue;
                _pending[change.Phone] = (change, where);
            }
            if (_flushScheduled || _disposed) return Task.CompletedTask;
            _flushScheduled = true;
        }
        return FlushAfterThrottle();
    }

    private async Task FlushAfterThrottle()
    {
        if (_throttle > TimeSpan.Zero) await Task.Delay(_throttle, _time);
        else await Task.Yield(); // never on the publisher's (the writer's) thread
        Dictionary<string, (NumberView View, Committed Where)> batch;
        Dictionary<string, NumberView> here;
        lock (_gate)
        {
            batch = _pending;
            here = _pendingHere;
            _pending = [];
            _pendingHere = [];
            _flushScheduled = false;
            if (_disposed) return;
        }

        try
        {
            await _dispatch(() =>
            {
                var applied = new List<NumberView>(batch.Count);
                foreach (var (phone, (view, where)) in batch)
                {
                    if (where == Committed.Elsewhere && _numbers.TryGetValue(phone, out var held) && !ViewOrder.Replaces(view, held)) continue;
                    // A view with RemovedAt means the number left the roster: drop it.
                    if (view.RemovedAt is null) _numbers[phone] = view;
                    else _numbers.Remove(phone);
                    applied.Add(view);
                }
                if (applied.Count == 0 && here.Count == 0) return Task.CompletedTask;
                CommittedHere = here.Values.ToList();
                return _onChanged(applied);
            });
        }
        catch (Exception ex)
        {
            LogFlushFailed(_logger, batch.Count, ex);
        }
    }

    public void Dispose()
    {
        lock (_gate) _disposed = true;
        _subscription.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live update of {Count} numbers failed to apply.")]
    private static partial void LogFlushFailed(ILogger logger, int count, Exception ex);
}
