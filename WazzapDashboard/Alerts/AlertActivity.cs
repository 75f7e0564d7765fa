using WazzapDashboard.Fleet;

namespace WazzapDashboard.Alerts;

/// <summary>"Something in the outbox or a relay changed": the alerts page subscribes to refresh itself.</summary>
public sealed class AlertActivity
{
    // A handler that fails belongs to a page that has gone away: nothing to report.
    private readonly Subscribers<bool> _subscribers = new(_ => { });

    public IDisposable Subscribe(Func<Task> handler) => _subscribers.Subscribe(_ => handler());

    /// <summary>Never waits for a subscriber: handlers hand the work off (a component's InvokeAsync).</summary>
    public void Notify() => _subscribers.Publish(true);
}
