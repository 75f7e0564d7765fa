namespace WazzapDashboard.Fleet;

/// <summary>How a number's trouble is said in plain words, on the pages and in alert messages alike.</summary>
public static class Words
{
    public static string Reason(ReasonCategory? category) => category switch
    {
        ReasonCategory.PhoneOffline => "Phone offline too long (linked-device expiry)",
        ReasonCategory.SlotReused => "Linked-device slot taken (WhatsApp Web)",
        ReasonCategory.Banned => "Banned by WhatsApp",
        ReasonCategory.LoggedOut => "Logged out on the phone",
        ReasonCategory.DeviceChanged => "SIM or phone changed",
        ReasonCategory.AppUpdate => "WhatsApp update",
        ReasonCategory.Unknown => "No reason given",
        _ => "",
    };

    public static string DaysLeft(int? days) => days switch
    {
        null => "",
        < 0 => "overdue",
        0 => "expires today",
        1 => "1 day left",
        _ => $"{days} days left",
    };

    public static string Days(int days) => days == 1 ? "1 day" : $"{days} days";

    /// <summary>The <c>Fleet:ExpiryDays</c> line, as people say it: <c>the 14-day line</c>.</summary>
    public static string ExpiryLine(int expiryDays) => $"the {expiryDays}-day line";
}
