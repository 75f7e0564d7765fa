using System.Collections.Immutable;

namespace WazzapDashboard.Fleet;

/// <summary>
/// In-process publish/subscribe that never waits for a subscriber: handlers must hand the work off
/// (Blazor's InvokeAsync, a channel) and return. A failing handler is reported to <c>onError</c> and
/// does not stop the others.
/// </summary>
public sealed class Subscribers<T>(Action<Exception> onError)
{
    private ImmutableArray<Func<T, Task>> _handlers = [];

    public IDisposable Subscribe(Func<T, Task> handler)
    {
        ImmutableInterlocked.Update(ref _handlers, list => list.Add(handler));
        return new Subscription(() => ImmutableInterlocked.Update(ref _handlers, list => list.Remove(handler)));
    }

    /// <summary>How many handlers are listening: a leak shows here.</summary>
    public int Count => _handlers.Length;

    public void Publish(T message)
    {
        foreach (var handler in _handlers)
        {
            _ = Deliver(handler, message);
        }
    }

    private async Task Deliver(Func<T, Task> handler, T message)
    {
        try
        {
            await handler(message);
        }
        catch (Exception ex)
        {
            onError(ex);
        }
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private Action? _unsubscribe = unsubscribe;
        public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
    }
}
