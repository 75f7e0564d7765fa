namespace WazzapDashboard.Fleet;

/// <summary>
/// A number's current state: what the gateways said (the status rules' part) and what staff put
/// on the roster (client … removal). The webhook writer saves only the first part, roster actions only the second.
/// </summary>
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
    string? Client = null,
    string? Label = null,
    string? Owner = null,
    string? Notes = null,
    bool RunsCampaign = false,
    DateTimeOffset? RemovedAt = null,
    Acknowledgement? Acknowledgement = null);
