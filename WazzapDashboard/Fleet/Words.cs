using WazzapDashboard.Localization;

namespace WazzapDashboard.Fleet;

/// <summary>
/// How a number's trouble is said in plain words, on the pages and in alert messages alike, in the
/// reader's language (the API's culture is English).
/// </summary>
public static class Words
{
    public static string Reason(ReasonCategory? category) => category switch
    {
        ReasonCategory.PhoneOffline => Text.Get("Reason_PhoneOffline"),
        ReasonCategory.SlotReused => Text.Get("Reason_SlotReused"),
        ReasonCategory.Banned => Text.Get("Reason_Banned"),
        ReasonCategory.LoggedOut => Text.Get("Reason_LoggedOut"),
        ReasonCategory.DeviceChanged => Text.Get("Reason_DeviceChanged"),
        ReasonCategory.AppUpdate => Text.Get("Reason_AppUpdate"),
        ReasonCategory.Unknown => Text.Get("Reason_Unknown"),
        _ => "",
    };

    public static string Status(NumberStatus status) => status switch
    {
        NumberStatus.Banned => Text.Get("Status_Banned"),
        NumberStatus.Disconnected => Text.Get("Status_Disconnected"),
        NumberStatus.Connected => Text.Get("Status_Connected"),
        _ => Text.Get("Status_Unknown"),
    };

    public static string DaysLeft(int? days) => days switch
    {
        null => "",
        < 0 => Text.Get("Days_Overdue"),
        0 => Text.Get("Days_ExpiresToday"),
        1 => Text.Get("Days_OneLeft"),
        _ => Text.Get("Days_Left", days),
    };

    public static string Days(int days) => days == 1 ? Text.Get("Days_One") : Text.Get("Days_Many", days);
}
