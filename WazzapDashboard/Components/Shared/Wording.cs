using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Humanizer;
using MudBlazor;
using WazzapDashboard.Fleet;
using WazzapDashboard.Localization;

namespace WazzapDashboard.Components.Shared;

/// <summary>How the pages say things: plain words for people, never colour alone.</summary>
public static class Wording
{
    public static string Describe(ReasonCategory? category) => Words.Reason(category);

    public static (string Word, string Icon, Color Color) Look(NumberView n) => HealthRules.Of(n) switch
    {
        Health.Expired => (Text.Get("Status_Expired"), Icons.Material.Filled.HourglassBottom, Color.Warning),
        Health.AtRisk when n.Silent && !n.AtRisk => (Text.Get("Status_Silent"), Icons.Material.Filled.VolumeOff, Color.Warning),
        Health.AtRisk => (Text.Get("Status_AtRiskDays", DaysLeft(n.DaysUntilExpiry)), Icons.Material.Filled.HourglassTop, Color.Warning),
        _ => Look(n.Status),
    };

    /// <summary>The short help wherever "at risk" appears.</summary>
    public static string AtRiskHelp(FleetOptions o) =>
        Text.Get("Help_AtRisk", Days(o.AtRiskAfterDays), Days(o.ExpiryDays));

    /// <summary>The short help wherever "expired" appears.</summary>
    public static string ExpiredHelp(FleetOptions o) =>
        Text.Get("Help_Expired", Days(o.ExpiryDays));

    /// <summary>The help for a number's health, or null when its word says it all.</summary>
    public static string? Help(NumberView n, FleetOptions o) => HealthRules.Of(n) switch
    {
        Health.AtRisk => AtRiskHelp(o),
        Health.Expired => ExpiredHelp(o),
        _ => null,
    };

    /// <summary>A bare status, as a history row shows what a number became.</summary>
    public static (string Word, string Icon, Color Color) Look(NumberStatus status) => status switch
    {
        NumberStatus.Banned => (Words.Status(status), Icons.Material.Filled.Block, Color.Error),
        NumberStatus.Disconnected => (Words.Status(status), Icons.Material.Filled.LinkOff, Color.Error),
        NumberStatus.Connected => (Words.Status(status), Icons.Material.Filled.CheckCircle, Color.Success),
        _ => (Words.Status(status), Icons.Material.Filled.HelpOutline, Color.Default),
    };

    /// <summary>The CSS classes that colour a row or tile by health, and mark a campaign losing money.</summary>
    public static string HealthClass(NumberView n) =>
        $"health-{HealthRules.Of(n).ToString().ToLowerInvariant()}" + (HealthRules.LosingCampaign(n) ? " campaign-down" : "");

    public static string DaysLeft(int? days) => Words.DaysLeft(days);


    /// <summary><c>5 minutes ago</c> in the reader's language (Humanizer reads the current UI culture).</summary>
    public static string Relative(DateTimeOffset? at, DateTimeOffset now) =>
        at is { } t ? t.Humanize(now) : Text.Get("Time_Never");

    // The number page: statuses, event types, times and durations.

    public static string Status(NumberStatus status) => Words.Status(status);

    /// <summary>The header's one line: what is going on, in plain words.</summary>
    public static string Headline(NumberView n, int expiryDays) => n.Status switch
    {
        NumberStatus.Connected when n.Expired => Text.Get("Headline_Expired", expiryDays),
        NumberStatus.Connected when n.AtRisk => Text.Get("Headline_AtRisk"),
        NumberStatus.Connected => Text.Get("Headline_Working"),
        NumberStatus.Unknown => Text.Get("Headline_NoEvents"),
        _ => Describe(n.ReasonCategory ?? ReasonCategory.Unknown),
    };

    /// <summary>The expiry countdown of a connected number; null when it does not apply.</summary>
    public static string? Expiry(NumberView n) => n is { Status: NumberStatus.Connected, DaysUntilExpiry: { } days } ? (n.Expired, days) switch
    {
        (true, < 0) => Text.Get("Expiry_Overdue", Days(-days)),
        (true, _) => Text.Get("Expiry_Today"),
        (_, 0) => Text.Get("Expiry_UnlinksToday"),
        _ => Text.Get("Expiry_UnlinksIn", Days(days)),
    } : null;

    public static string Days(int days) => Words.Days(days);

    public static string EventType(string type) => type.Trim().ToLowerInvariant() switch
    {
        "device.connected" or "session.connected" or "connected" => Text.Get("Event_Connected"),
        "reconnected" => Text.Get("Event_Reconnected"),
        "check_in" => Text.Get("Event_CheckIn"),
        "device.disconnected" or "session.disconnected" or "disconnected" => Text.Get("Event_Disconnected"),
        "logout" or "logged_out" => Text.Get("Event_LoggedOut"),
        "message.received" => Text.Get("Event_MessageReceived"),
        "message.sent" => Text.Get("Event_MessageSent"),
        "message.delivered" => Text.Get("Event_MessageDelivered"),
        "message.read" => Text.Get("Event_MessageRead"),
        "message.failed" => Text.Get("Event_MessageFailed"),
        _ => type,
    };

    /// <summary>Two units at most, largest first: <c>3 d 4 h</c>, <c>2 h 5 min</c>, <c>45 min</c>, <c>under a minute</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1)) return Text.Get("Duration_UnderMinute");
        if (span < TimeSpan.FromHours(1)) return Text.Get("Duration_Minutes", (int)span.TotalMinutes);
        if (span < TimeSpan.FromDays(1)) return span.Minutes == 0 ? Text.Get("Duration_Hours", (int)span.TotalHours) : Text.Get("Duration_HoursMinutes", (int)span.TotalHours, span.Minutes);
        return span.Hours == 0 ? Text.Get("Duration_Days", (int)span.TotalDays) : Text.Get("Duration_DaysHours", (int)span.TotalDays, span.Hours);
    }

    /// <summary>In the reader's culture: <c>95.8%</c>, <c>95,8 %</c>.</summary>
    public static string Percent(double? percent) => percent switch
    {
        null => "–",
        100 => 1.0.ToString("P0", CultureInfo.CurrentCulture),
        >= 99.95 => 0.999.ToString("P1", CultureInfo.CurrentCulture), // never round an outage away to 100%
        { } p => (p / 100).ToString("P1", CultureInfo.CurrentCulture),
    };

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // For reading on a page (which HTML-encodes it): keep "+62…" and accents as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A raw payload, indented for reading; text that is not JSON comes back as it is.</summary>
    public static string PrettyJson(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return payload;
        }
    }
}
