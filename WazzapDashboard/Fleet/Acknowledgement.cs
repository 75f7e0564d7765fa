
namespace WazzapDashboard.Fleet;

/// <summary>
/// "On it": who took a number's outage, when, and which outage — the number's
/// <see cref="NumberState.StatusChangedAt"/> at that moment.
/// </summary>
public sealed record Acknowledgement(string By, DateTimeOffset At, DateTimeOffset? OutageSince)
{
    /// <summary>
    /// Whether this acknowledgement still stands for a number now in <paramref name="status"/> since
    /// <paramref name="statusChangedAt"/>. Worked out on every read from the same row as the status,
    /// so it can never disagree with it: a reconnect ends it, and so does any later change of status
    /// (a disconnection turning into a ban is a new situation with a different playbook). An older
    /// event arriving late changes neither, so it leaves the acknowledgement alone.
    /// </summary>
    public bool Covers(NumberStatus status, DateTimeOffset? statusChangedAt) =>
        status != NumberStatus.Connected && OutageSince == statusChangedAt;
}
