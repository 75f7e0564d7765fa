using System.Collections.Immutable;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Live;

/// <summary>
/// Every committed change to a number, in process: the hub and the pages subscribe here.
/// Publishing never waits for a subscriber, so a slow page or a dead browser cannot slow ingestion;
/// handlers must hand the work off (Blazor's InvokeAsync, a channel) and return.
/// </summary>
public sealed partial class ChangeFeed(ILogger<ChangeFeed> logger)
{
    private ImmutableArray<Func<IReadOnlyList<NumberView>, Task>> _subscribers = [];

    public IDisposable Subscribe(Func<IReadOnlyList<NumberView>, Task> handler)
    {
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(handler));
        return new Subscription(() => ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(handler)));
    }

    /// <summary>How many subscribers are listening (pages and the hub): a leak shows here.</summary>
    public int SubscriberCount => _subscribers.Length;

    public void Publish(IReadOnlyList<NumberView> changes)
    {
        if (changes.Count == 0) return;
        foreach (var handler in _subscribers)
        {
            _ = Deliver(handler, changes);
        }
    }

    private async Task Deliver(Func<IReadOnlyList<NumberView>, Task> handler, IReadOnlyList<NumberView> changes)
    {
        try
        {
            await handler(changes);
        }
        catch (Exception ex)
        {
            LogSubscriberFailed(ex);
        }
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private Action? _unsubscribe = unsubscribe;
        public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A change feed subscriber failed.")]
    private partial void LogSubscriberFailed(Exception ex);
}
