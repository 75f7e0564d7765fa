using WazzapDashboard.Fleet;
using WazzapDashboard.Localization;

namespace WazzapDashboard.History;

/// <summary>What a support person should do, in order, for one kind of trouble, in the reader's language.</summary>
public sealed record Playbook(string Key, int StepCount, int ExpiryDays = 0)
{
    public string Title => Text.Get($"Playbook_{Key}_Title");
    /// <summary>Those that speak of the expiry say <c>Fleet:ExpiryDays</c>.</summary>
    public string Summary => Text.Get($"Playbook_{Key}_Summary", Words.Days(ExpiryDays));
    public IReadOnlyList<string> Steps => [.. Enumerable.Range(1, StepCount).Select(i => Text.Get($"Playbook_{Key}_Step{i}"))];
}

/// <summary>
/// Recovery playbooks, written for support staff from Wazzap's "Disconnections and how to stay
/// online" guide (texts in <c>Localization/Text*.resx</c>). <see cref="For"/> picks one from the number's state:
///
/// | status       | category / risk   | playbook          |
/// |--------------|-------------------|-------------------|
/// | banned       | any               | banned            |
/// | disconnected | each category     | that category's   |
/// | disconnected | none              | unknown           |
/// | connected    | at risk           | at_risk           |
/// | connected    | not at risk       | none              |
/// | unknown      | -                 | no_events         |
/// </summary>
public static class Playbooks
{
    public static Playbook PhoneOffline(int expiryDays) => new("phone_offline", 3, expiryDays);
    public static readonly Playbook SlotReused = new("slot_reused", 4);
    public static readonly Playbook Banned = new("banned", 4);
    public static readonly Playbook LoggedOut = new("logged_out", 3);
    public static readonly Playbook DeviceChanged = new("device_changed", 3);
    public static readonly Playbook AppUpdate = new("app_update", 3);
    public static readonly Playbook Unknown = new("unknown", 3);
    public static Playbook AtRisk(int expiryDays) => new("at_risk", 2, expiryDays);
    public static readonly Playbook NoEvents = new("no_events", 3);

    public static Playbook ForCategory(ReasonCategory? category, int expiryDays) => category switch
    {
        ReasonCategory.PhoneOffline => PhoneOffline(expiryDays),
        ReasonCategory.SlotReused => SlotReused,
        ReasonCategory.Banned => Banned,
        ReasonCategory.LoggedOut => LoggedOut,
        ReasonCategory.DeviceChanged => DeviceChanged,
        ReasonCategory.AppUpdate => AppUpdate,
        _ => Unknown,
    };

    /// <summary>The playbook for a number's current state; null when there is nothing to do.</summary>
    public static Playbook? For(NumberStatus status, ReasonCategory? category, bool atRisk, int expiryDays) => status switch
    {
        NumberStatus.Banned => Banned,
        NumberStatus.Disconnected => ForCategory(category, expiryDays),
        NumberStatus.Connected => atRisk ? AtRisk(expiryDays) : null,
        _ => NoEvents,
    };
}
