using WazzapDashboard.History;

namespace WazzapDashboard.Fleet;

/// <summary>A number's current state, as the status rules see it.</summary>
public sealed record NumberState(
    string Phone,
    string? Country = null,
    string? AccountName = null,
    string? AccountId = null,
    NumberStatus Status = NumberStatus.Unknown,
    string? Reason = null,
    ReasonCategory? ReasonCategory = null,
    DateTimeOffset? StateEventAt = null,
    DateTimeOffset? StatusChangedAt = null,
    DateTimeOffset? LastEventAt = null,
    DateTimeOffset? PhoneLastSeenAt = null,
    Acknowledgement? Acknowledgement = null);
