
namespace WazzapDashboard.Fleet;

/// <summary>
/// "On it": who took a number's outage (or its coming expiry), when, and which one — the number's
/// <see cref="NumberState.StatusChangedAt"/> at that moment, or for a connected number at risk its
/// <see cref="NumberState.PhoneLastSeenAt"/>.
/// </summary>
public sealed record Acknowledgement(string By, DateTimeOffset At, DateTimeOffset? OutageSince)
{
    /// <summary>
    /// Whether this acknowledgement still stands. Worked out on every read from the same row as the status,
    /// so it can never disagree with it.
    ///
    /// | number now                    | stands while                                               |
    /// |-------------------------------|------------------------------------------------------------|
    /// | disconnected, banned, unknown | <see cref="OutageSince"/> = its <c>statusChangedAt</c>     |
    /// | connected, at risk or expired | <see cref="OutageSince"/> = its <c>phoneLastSeenAt</c>     |
    /// | connected and healthy         | never                                                      |
    ///
    /// So a reconnect ends it, and so does any later change of status (a disconnection turning into a ban
    /// is a new situation with a different playbook); for a number heading for expiry, the phone being
    /// seen online ends it. An older event arriving late changes neither, so it leaves it alone.
    /// </summary>
    public bool Covers(NumberStatus status, DateTimeOffset? statusChangedAt, DateTimeOffset? phoneLastSeenAt, bool atRisk) =>
        status == NumberStatus.Connected
            ? atRisk && OutageSince == phoneLastSeenAt
            : OutageSince == statusChangedAt;

    /// <summary>What an acknowledgement taken now would stand on (see <see cref="Covers"/>).</summary>
    public static DateTimeOffset? SituationSince(NumberStatus status, DateTimeOffset? statusChangedAt, DateTimeOffset? phoneLastSeenAt) =>
        status == NumberStatus.Connected ? phoneLastSeenAt : statusChangedAt;
}
