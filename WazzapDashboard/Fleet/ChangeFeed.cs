
namespace WazzapDashboard.Fleet;

/// <summary>
/// Every committed change to a number, in process: the hub and the pages subscribe here.
/// Publishing never waits for a subscriber, so a slow page or a dead browser cannot slow ingestion;
/// handlers must hand the work off (Blazor's InvokeAsync, a channel) and return.
/// </summary>
public sealed partial class ChangeFeed
{
    private readonly Subscribers<IReadOnlyList<NumberView>> _subscribers;

    public ChangeFeed(ILogger<ChangeFeed> logger) => _subscribers = new(ex => LogSubscriberFailed(logger, ex));

    public IDisposable Subscribe(Func<IReadOnlyList<NumberView>, Task> handler) => _subscribers.Subscribe(handler);

    /// <summary>How many subscribers are listening (pages and the hub): a leak shows here.</summary>
    public int SubscriberCount => _subscribers.Count;

    public void Publish(IReadOnlyList<NumberView> changes)
    {
        if (changes.Count > 0) _subscribers.Publish(changes);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A change feed subscriber failed.")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception ex);
}
