using Humanizer;
using MudBlazor;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Components.Shared;

/// <summary>How the pages say things: plain words for people, never colour alone.</summary>
public static class Wording
{
    public static string Describe(ReasonCategory? category) => category switch
    {
        ReasonCategory.PhoneOffline => "Phone offline too long (14-day expiry)",
        ReasonCategory.SlotReused => "Linked-device slot taken (WhatsApp Web)",
        ReasonCategory.Banned => "Banned by WhatsApp",
        ReasonCategory.LoggedOut => "Logged out on the phone",
        ReasonCategory.DeviceChanged => "SIM or phone changed",
        ReasonCategory.AppUpdate => "WhatsApp update",
        ReasonCategory.Unknown => "No reason given",
        _ => "",
    };

    public static (string Word, string Icon, Color Color) Look(NumberView n) => HealthRules.Of(n) switch
    {
        Health.Banned => ("Banned", Icons.Material.Filled.Block, Color.Error),
        Health.Disconnected => ("Disconnected", Icons.Material.Filled.LinkOff, Color.Error),
        Health.AtRisk when n.Expired => ("Expired", Icons.Material.Filled.HourglassBottom, Color.Warning),
        Health.AtRisk => ($"At risk · {DaysLeft(n.DaysUntilExpiry)}", Icons.Material.Filled.HourglassTop, Color.Warning),
        Health.Healthy => ("Connected", Icons.Material.Filled.CheckCircle, Color.Success),
        _ => ("Unknown", Icons.Material.Filled.HelpOutline, Color.Default),
    };

    public static string DaysLeft(int? days) => days switch
    {
        null => "",
        < 0 => "overdue",
        0 => "expires today",
        1 => "1 day left",
        _ => $"{days} days left",
    };

    public static string Relative(DateTimeOffset? at, DateTimeOffset now) =>
        at is { } t ? t.Humanize(now) : "never";

    public static string Exact(DateTimeOffset? at, TimeProvider time) =>
        at is { } t ? TimeZoneInfo.ConvertTime(t, time.LocalTimeZone).ToString("yyyy-MM-dd HH:mm:ss zzz") : "";
}
