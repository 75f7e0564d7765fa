using System.Collections.Immutable;

namespace WazzapDashboard.Alerts;

/// <summary>"Something in the outbox or a relay changed": the alerts page subscribes to refresh itself.</summary>
public sealed class AlertActivity
{
    private ImmutableArray<Func<Task>> _subscribers = [];

    public IDisposable Subscribe(Func<Task> handler)
    {
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(handler));
        return new Subscription(() => ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(handler)));
    }

    /// <summary>Never waits for a subscriber: handlers hand the work off (a component's InvokeAsync).</summary>
    public void Notify()
    {
        foreach (var handler in _subscribers) _ = Safe(handler);
    }

    private static async Task Safe(Func<Task> handler)
    {
        try { await handler(); }
        catch (Exception) { /* a page that has gone away */ }
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private Action? _unsubscribe = unsubscribe;
        public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
    }
}
