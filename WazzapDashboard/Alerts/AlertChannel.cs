using System.ComponentModel.DataAnnotations;
using System.Globalization;
using WazzapDashboard.Localization;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Alerts;

public enum ChannelType { Slack, Email, Webhook }

/// <summary>What a webhook channel forwards besides alerts: nothing, status events, or every gateway event.</summary>
public enum RelayMode { Off, Status, All }

/// <summary>How MailKit secures the SMTP connection; <c>Auto</c> picks by port (465: TLS, otherwise STARTTLS when offered).</summary>
public enum SmtpSecurity { Auto, None, StartTls, Tls }

/// <summary>
/// Where alerts go. One shape for all three types and for both sources: bound from
/// <c>Alerts:Channels:N</c>, read from <c>alert_channels</c>, and edited on the alerts page.
/// </summary>
public sealed class AlertChannel : IValidatableObject
{
    public string Name { get; set; } = "";

    public ChannelType Type { get; set; }

    /// <summary>Slack incoming-webhook URL, or the generic webhook's endpoint.</summary>
    public string? Url { get; set; }

    /// <summary>Generic webhook: signs each body as <c>X-WazzapDashboard-Signature</c>.</summary>
    public string? Secret { get; set; }

    public RelayMode Relay { get; set; }

    public string? SmtpHost { get; set; }
    public int? SmtpPort { get; set; }
    public SmtpSecurity SmtpSecurity { get; set; }
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }
    public string? MailFrom { get; set; }

    /// <summary>One or more addresses, separated by commas or semicolons.</summary>
    public string? MailTo { get; set; }

    /// <summary>Quiet hours, <c>HH:mm</c> in <see cref="TimeZone"/>: alerts are held and sent as one digest at the end.</summary>
    public string? QuietFrom { get; set; }
    public string? QuietTo { get; set; }

    /// <summary>IANA or Windows time zone id for quiet hours and times in messages; the server's when empty.</summary>
    public string? TimeZone { get; set; }

    /// <summary>The language of its messages: <c>en</c>, <c>es</c> or <c>pt-BR</c>; English when empty.</summary>
    public string? Language { get; set; }

    /// <summary>Declared in configuration: shown read-only.</summary>
    public bool FromConfig { get; set; }

    public bool Relays => Type == ChannelType.Webhook && Relay != RelayMode.Off;

    public QuietHours? Quiet => QuietHours.Parse(QuietFrom, QuietTo);

    public CultureInfo Culture => Cultures.Find(Language) ?? CultureInfo.GetCultureInfo(Cultures.English);

    public TimeZoneInfo Zone(TimeZoneInfo fallback) =>
        !string.IsNullOrWhiteSpace(TimeZone) && TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone.Trim(), out var zone) ? zone : fallback;

    public IReadOnlyList<string> Recipients() =>
        (MailTo ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Where it points, without secrets: a webhook URL's path can be the secret, so only its host.</summary>
    public string Target() => Type switch
    {
        ChannelType.Email => $"{string.Join(", ", Recipients())} via {SmtpHost}:{SmtpPort ?? 587}",
        _ => Uri.TryCreate(Url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}/…" : "",
    };

    public AlertChannel Copy() => (AlertChannel)MemberwiseClone();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 60)
        {
            yield return new ValidationResult(Text.Get("Problem_ChannelName"), [nameof(Name)]);
        }
        if (Type is ChannelType.Slack or ChannelType.Webhook
            && (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult(Text.Get("Problem_ChannelUrl", Name), [nameof(Url)]);
        }
        if (Type != ChannelType.Webhook && Relay != RelayMode.Off)
        {
            yield return new ValidationResult(Text.Get("Problem_ChannelRelay", Name), [nameof(Relay)]);
        }
        if (Type == ChannelType.Email)
        {
            if (string.IsNullOrWhiteSpace(SmtpHost)) yield return new ValidationResult(Text.Get("Problem_ChannelSmtpHost", Name), [nameof(SmtpHost)]);
            if (SmtpPort is < 1 or > 65535) yield return new ValidationResult(Text.Get("Problem_ChannelSmtpPort", Name), [nameof(SmtpPort)]);
            if (!IsAddress(MailFrom)) yield return new ValidationResult(Text.Get("Problem_ChannelMailFrom", Name), [nameof(MailFrom)]);
            if (Recipients().Count == 0 || Recipients().Any(r => !IsAddress(r)))
            {
                yield return new ValidationResult(Text.Get("Problem_ChannelMailTo", Name), [nameof(MailTo)]);
            }
        }
        if (!string.IsNullOrWhiteSpace(QuietFrom) || !string.IsNullOrWhiteSpace(QuietTo))
        {
            if (Quiet is null) yield return new ValidationResult(Text.Get("Problem_ChannelQuiet", Name), [nameof(QuietFrom)]);
        }
        if (!string.IsNullOrWhiteSpace(TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone.Trim(), out _))
        {
            yield return new ValidationResult(Text.Get("Problem_ChannelZone", Name, TimeZone), [nameof(TimeZone)]);
        }
        if (!string.IsNullOrWhiteSpace(Language) && Cultures.Find(Language) is null)
        {
            yield return new ValidationResult(Text.Get("Problem_ChannelLanguage", Name, Language, string.Join(", ", Cultures.Names)), [nameof(Language)]);
        }
    }

    // MimeKit accepts a bare local part ("nobody") as a mailbox; a relay server would not.
    private static bool IsAddress(string? text) =>
        MimeKit.MailboxAddress.TryParse(text, out var mailbox) && mailbox.Domain.Length > 0;

    public IReadOnlyList<string> Problems()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "").Distinct().ToList();
    }
}

/// <summary>How the alerts page names the enums, and reading their wire names back from the database.</summary>
public static class ChannelWording
{
    public static string Describe(this ChannelType type) => type switch
    {
        ChannelType.Slack => Text.Get("Channel_Slack"),
        ChannelType.Email => Text.Get("Channel_Email"),
        _ => Text.Get("Channel_Webhook"),
    };

    public static string Describe(this RelayMode mode) => mode switch
    {
        RelayMode.Status => Text.Get("Relay_Status"),
        RelayMode.All => Text.Get("Relay_All"),
        _ => Text.Get("Relay_Off"),
    };

    public static string Describe(this ChangeKind kind, int expiryDays) => kind switch
    {
        ChangeKind.Disconnected => Text.Get("Change_Disconnected"),
        ChangeKind.Banned => Text.Get("Change_Banned"),
        ChangeKind.AtRisk => Text.Get("Change_AtRisk"),
        ChangeKind.Expired => Text.Get("Change_Expired", expiryDays),
        ChangeKind.Silent => Text.Get("Change_Silent"),
        ChangeKind.GatewaySilent => Text.Get("Change_GatewaySilent"),
        _ => Text.Get("Change_Reconnected"),
    };

    public static T Parse<T>(string? value, T fallback) where T : struct, Enum =>
        string.IsNullOrEmpty(value) ? fallback : WireNames.FromWire<T>(value);
}
