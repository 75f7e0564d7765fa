using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Humanizer;
using MudBlazor;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Components.Shared;

/// <summary>How the pages say things: plain words for people, never colour alone.</summary>
public static class Wording
{
    public static string Describe(ReasonCategory? category) => Words.Reason(category);

    public static (string Word, string Icon, Color Color) Look(NumberView n) => HealthRules.Of(n) switch
    {
        Health.Expired => ("Expired", Icons.Material.Filled.HourglassBottom, Color.Warning),
        Health.AtRisk when n.Silent && !n.AtRisk => ("Silent", Icons.Material.Filled.VolumeOff, Color.Warning),
        Health.AtRisk => ($"At risk · {DaysLeft(n.DaysUntilExpiry)}", Icons.Material.Filled.HourglassTop, Color.Warning),
        _ => Look(n.Status),
    };

    /// <summary>The short help wherever "at risk" appears.</summary>
    public static string AtRiskHelp(FleetOptions o) =>
        $"At risk: the paired phone has not been online for {Days(o.AtRiskAfterDays)} or more; WhatsApp unlinks it after {Days(o.ExpiryDays)}. Power the phone on.";

    /// <summary>The short help wherever "expired" appears.</summary>
    public static string ExpiredHelp(FleetOptions o) =>
        $"Expired: the phone has been offline {Days(o.ExpiryDays)} or more, so WhatsApp has probably unlinked it although no disconnection was reported.";

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
        NumberStatus.Banned => ("Banned", Icons.Material.Filled.Block, Color.Error),
        NumberStatus.Disconnected => ("Disconnected", Icons.Material.Filled.LinkOff, Color.Error),
        NumberStatus.Connected => ("Connected", Icons.Material.Filled.CheckCircle, Color.Success),
        _ => ("Unknown", Icons.Material.Filled.HelpOutline, Color.Default),
    };

    /// <summary>The CSS classes that colour a row or tile by health, and mark a campaign losing money.</summary>
    public static string HealthClass(NumberView n) =>
        $"health-{HealthRules.Of(n).ToString().ToLowerInvariant()}" + (HealthRules.LosingCampaign(n) ? " campaign-down" : "");

    public static string DaysLeft(int? days) => Words.DaysLeft(days);

    public static string Relative(DateTimeOffset? at, DateTimeOffset now) =>
        at is { } t ? t.Humanize(now) : "never";

    public static string Exact(DateTimeOffset? at, TimeProvider time) =>
        at is { } t ? TimeZoneInfo.ConvertTime(t, time.LocalTimeZone).ToString("yyyy-MM-dd HH:mm:ss zzz") : "";

    // The number page: statuses, event types, times and durations.

    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string Status(NumberStatus status) => Look(status).Word;

    /// <summary>The header's one line: what is going on, in plain words.</summary>
    public static string Headline(NumberView n, int expiryDays) => n.Status switch
    {
        NumberStatus.Connected when n.Expired => $"Connected on paper, but the phone has been offline past WhatsApp's {expiryDays}-day limit",
        NumberStatus.Connected when n.AtRisk => "Working, but the paired phone has not been seen online lately",
        NumberStatus.Connected => "Working normally",
        NumberStatus.Unknown => "No events received yet",
        _ => Describe(n.ReasonCategory ?? ReasonCategory.Unknown),
    };

    /// <summary>The expiry countdown of a connected number; null when it does not apply.</summary>
    public static string? Expiry(NumberView n) => n is { Status: NumberStatus.Connected, DaysUntilExpiry: { } days } ? (n.Expired, days) switch
    {
        (true, < 0) => $"Expired, overdue by {Days(-days)}: the link has probably dropped already.",
        (true, _) => "Expired today: the link has probably dropped already.",
        (_, 0) => "WhatsApp unlinks it today unless the phone comes online.",
        _ => $"WhatsApp unlinks it in {Days(days)} unless the phone comes online.",
    } : null;

    public static string Days(int days) => Words.Days(days);

    public static string EventType(string type) => type.Trim().ToLowerInvariant() switch
    {
        "device.connected" or "session.connected" or "connected" => "Connected",
        "reconnected" => "Reconnected (confirmed by hand)",
        "check_in" => "Phone seen online (check-in)",
        "device.disconnected" or "session.disconnected" or "disconnected" => "Disconnected",
        "logout" or "logged_out" => "Logged out",
        "message.received" => "Message received",
        "message.sent" => "Message sent",
        "message.delivered" => "Message delivered",
        "message.read" => "Message read",
        "message.failed" => "Message failed",
        _ => type,
    };

    /// <summary><c>15 May 2026, 08:15 UTC</c>: the server cannot know the reader's time zone, so say which one.</summary>
    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("d MMM yyyy, HH:mm 'UTC'", Culture);

    public static string ShortTime(DateTimeOffset at) => at.ToUniversalTime().ToString("d MMM HH:mm", Culture);

    /// <summary>Two units at most, largest first: <c>3 d 4 h</c>, <c>2 h 5 min</c>, <c>45 min</c>, <c>under a minute</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1)) return "under a minute";
        if (span < TimeSpan.FromHours(1)) return $"{(int)span.TotalMinutes} min";
        if (span < TimeSpan.FromDays(1)) return span.Minutes == 0 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalHours} h {span.Minutes} min";
        return span.Hours == 0 ? $"{(int)span.TotalDays} d" : $"{(int)span.TotalDays} d {span.Hours} h";
    }

    public static string Percent(double? percent) => percent switch
    {
        null => "–",
        100 => "100%",
        >= 99.95 => "99.9%", // never round an outage away to 100%
        { } p => p.ToString("0.0", Culture) + "%",
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
