using WazzapDashboard.Fleet;

namespace WazzapDashboard.Reconciliation;

/// <summary>What a device API status string means for a number.</summary>
public enum DeviceState { Connected, Disconnected, Banned, Transitional, Unrecognised }

/// <summary>
/// Wazzapi documents only <c>connected</c>; every other status is read by its meaning, first match wins,
/// and the raw string is kept (it becomes the history event's reason, classified like a webhook's):
///
/// | status contains                                                     | means        |
/// |---------------------------------------------------------------------|--------------|
/// | ban, block, suspend, restrict                                       | banned       |
/// | disconnect, logged_out, logout, offline, close, unpaired, not_paired, expired, qr, fail, stop, inactive, dead | disconnected |
/// | connecting, initializ, starting, sync, loading, pending, pairing     | transitional: no decision yet |
/// | connect, online, open, active, ready, authenticated, working         | connected    |
/// | anything else, or empty                                             | unrecognised: shown, never acted on |
///
/// A device whose meaning differs from the number's state is a difference, recorded through the writer
/// as a <c>poll.*</c> event (a banned number the API calls disconnected is no difference: a ban is a drop):
///
/// | ours                          | device        | event             |
/// |-------------------------------|---------------|-------------------|
/// | connected                     | connected     | –                 |
/// | unknown, disconnected, banned, none (not on the roster) | connected | poll.connected |
/// | disconnected, banned          | disconnected  | –                 |
/// | connected, unknown, none      | disconnected  | poll.disconnected |
/// | banned                        | banned        | –                 |
/// | connected, unknown, disconnected, none | banned | poll.disconnected (reason says banned) |
/// | any                           | transitional, unrecognised | –    |
/// </summary>
public static class DeviceStatuses
{
    private static readonly string[] Banned = ["ban", "block", "suspend", "restrict"];
    private static readonly string[] Down =
        ["disconnect", "logged_out", "logout", "offline", "close", "unpaired", "not_paired", "expired", "qr", "fail", "stop", "inactive", "dead"];
    private static readonly string[] Passing = ["connecting", "initializ", "starting", "sync", "loading", "pending", "pairing"];
    private static readonly string[] Up = ["connect", "online", "open", "active", "ready", "authenticated", "working"];

    public static DeviceState Meaning(string? status)
    {
        var s = (status ?? "").Trim().ToLowerInvariant().Replace('-', '_').Replace(' ', '_');
        if (s.Length == 0) return DeviceState.Unrecognised;
        if (Banned.Any(s.Contains)) return DeviceState.Banned;
        if (Down.Any(s.Contains)) return DeviceState.Disconnected;
        if (Passing.Any(s.Contains)) return DeviceState.Transitional;
        if (Up.Any(s.Contains)) return DeviceState.Connected;
        return DeviceState.Unrecognised;
    }

    /// <summary>The <c>poll.*</c> event type to record, or null when the device agrees (or says nothing usable).</summary>
    public static string? Difference(NumberStatus? ours, DeviceState device) => (ours, device) switch
    {
        (NumberStatus.Connected, DeviceState.Connected) => null,
        (_, DeviceState.Connected) => PollEvents.Connected,
        (NumberStatus.Disconnected or NumberStatus.Banned, DeviceState.Disconnected) => null,
        (_, DeviceState.Disconnected) => PollEvents.Disconnected,
        (NumberStatus.Banned, DeviceState.Banned) => null,
        (_, DeviceState.Banned) => PollEvents.Disconnected,
        _ => null,
    };
}
