using WazzapDashboard.Fleet;

namespace WazzapDashboard.History;

/// <summary>What a support person should do, in order, for one kind of trouble.</summary>
public sealed record Playbook(string Key, string Title, string Summary, IReadOnlyList<string> Steps);

/// <summary>
/// Recovery playbooks, written for support staff from Wazzap's "Disconnections and how to stay
/// online" guide. <see cref="For"/> picks one from the number's state:
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
    public static Playbook PhoneOffline(int expiryDays) => new(
        "phone_offline",
        "The paired phone has been offline too long",
        $"WhatsApp unlinks a device when the phone it is paired with has not been online for {Words.Days(expiryDays)}.",
        [
            "Ask the client to switch the paired phone on and connect it to Wi-Fi or mobile data.",
            "In Wazzap, open this number and scan the new QR code with that phone (WhatsApp → Linked devices → Link a device).",
            "Tell the client to switch the phone on at least once a week, even if they never use WhatsApp on it.",
        ]);

    public static readonly Playbook SlotReused = new(
        "slot_reused",
        "Another device took this number's place",
        "WhatsApp allows 4 linked devices. Someone opened WhatsApp Web on this number and our link was the one removed.",
        [
            "On the paired phone, open WhatsApp → Linked devices and check whether our session is missing.",
            "Log out any browser or computer there that should not be linked.",
            "Re-scan the QR code in Wazzap.",
            "Ask the team to stop opening WhatsApp Web on this number.",
        ]);

    public static readonly Playbook Banned = new(
        "banned",
        "WhatsApp has blocked this number",
        "Meta blocked the account for a policy or anti-spam reason. Re-scanning the QR code will not bring it back.",
        [
            "From the paired phone, try sending a message in the WhatsApp app. \"You can't send messages on WhatsApp\" confirms the block.",
            "Follow Wazzap's reconnect-after-a-ban protocol.",
            "Do not re-scan the QR code again and again while the number is blocked.",
            "Pause any campaign that sends from this number.",
        ]);

    public static readonly Playbook LoggedOut = new(
        "logged_out",
        "Someone logged out of linked devices",
        "On the phone, WhatsApp → Linked devices → Log out (or \"Log out from all devices\") was used, which removed our link.",
        [
            "Ask the client whether they logged out on purpose.",
            "If the number should stay connected, re-scan the QR code in Wazzap.",
            "Ask them not to use \"Log out from all devices\" on this phone.",
        ]);

    public static readonly Playbook DeviceChanged = new(
        "device_changed",
        "The number moved to a new phone or SIM",
        "Moving WhatsApp to a new phone, swapping the SIM or restoring WhatsApp ends the old phone's linked devices.",
        [
            "Confirm with the client which phone now has WhatsApp for this number.",
            "Re-scan the QR code in Wazzap with that phone.",
            "Add a note here saying which phone is now paired.",
        ]);

    public static readonly Playbook AppUpdate = new(
        "app_update",
        "A WhatsApp update dropped the link",
        "Rarely, a full WhatsApp update or maintenance window drops linked devices.",
        [
            "Make sure WhatsApp on the paired phone is up to date and opens normally.",
            "Re-scan the QR code in Wazzap.",
            "If reconnecting keeps failing, try sending a message from the WhatsApp app: the number may be banned.",
        ]);

    public static readonly Playbook Unknown = new(
        "unknown",
        "Disconnected, reason not given",
        "The gateway did not say why. Check the usual causes, most likely first.",
        [
            "Open WhatsApp on the paired phone → Linked devices. If our session is missing, re-scan the QR code in Wazzap.",
            "If the phone was off for a long time, switch it on and ask the client to do so at least once a week.",
            "If reconnecting keeps failing, try sending a message from the WhatsApp app. \"You can't send messages on WhatsApp\" means the number is banned: follow the ban protocol instead.",
        ]);

    public static Playbook AtRisk(int expiryDays) => new(
        "at_risk",
        "Connected, but the phone has not been seen lately",
        $"WhatsApp unlinks the device once the phone has been offline for {Words.Days(expiryDays)}. Act before it drops.",
        [
            "Ask the client to switch the paired phone on and let WhatsApp open once.",
            "Remind them to do so at least once a week, even if they never use WhatsApp on it.",
        ]);

    public static readonly Playbook NoEvents = new(
        "no_events",
        "No events received yet",
        "The dashboard has not heard from this number, so its state is unknown.",
        [
            "In Wazzap, open Sub-account → WhatsApp Numbers → this number → Settings → Disconnection Settings.",
            "Check that the Disconnected event is enabled and the webhook URL points at this dashboard.",
            "Each number needs its own webhook: set it up for this one too.",
        ]);

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
