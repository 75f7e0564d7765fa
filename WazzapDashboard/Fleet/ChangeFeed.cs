
namespace WazzapDashboard.Fleet;

/// <summary>Where a batch on the change feed was committed: by this instance, or by another one sharing its database.</summary>
public enum Committed { Here, Elsewhere }

/// <summary>
/// Every committed change to a number, in process: the hub and the pages subscribe here.
/// Publishing never waits for a subscriber, so a slow page or a dead browser cannot slow ingestion;
/// handlers must hand the work off (Blazor's InvokeAsync, a channel) and return.
/// With several instances, the changes another instance committed are published here too, as
/// <see cref="Committed.Elsewhere"/>: whoever must act only on its own instance's commits (relaying them
/// on, sending them to hub clients) subscribes with the origin.
/// </summary>
public sealed partial class ChangeFeed
{
    private readonly Subscribers<(IReadOnlyList<NumberView> Changes, Committed Where)> _subscribers;

    public ChangeFeed(ILogger<ChangeFeed> logger) => _subscribers = new(ex => LogSubscriberFailed(logger, ex));

    public IDisposable Subscribe(Func<IReadOnlyList<NumberView>, Task> handler) => _subscribers.Subscribe(batch => handler(batch.Changes));

    /// <summary>As <see cref="Subscribe(Func{IReadOnlyList{NumberView}, Task})"/>, saying where each batch was committed.</summary>
    public IDisposable Subscribe(Func<IReadOnlyList<NumberView>, Committed, Task> handler) => _subscribers.Subscribe(batch => handler(batch.Changes, batch.Where));

    /// <summary>How many subscribers are listening (pages and the hub): a leak shows here.</summary>
    public int SubscriberCount => _subscribers.Count;

    public void Publish(IReadOnlyList<NumberView> changes, Committed where = Committed.Here)
    {
        if (changes.Count > 0) _subscribers.Publish((changes, where));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A change feed subscriber failed.")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception ex);
}
