using System.ComponentModel.DataAnnotations;
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

    /// <summary>Declared in configuration: shown read-only.</summary>
    public bool FromConfig { get; set; }

    public bool Relays => Type == ChannelType.Webhook && Relay != RelayMode.Off;

    public QuietHours? Quiet => QuietHours.Parse(QuietFrom, QuietTo);

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
            yield return new ValidationResult("A channel needs a name of at most 60 characters.", [nameof(Name)]);
        }
        if (Type is ChannelType.Slack or ChannelType.Webhook
            && (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult($"Channel '{Name}' needs an http(s) URL.", [nameof(Url)]);
        }
        if (Type != ChannelType.Webhook && Relay != RelayMode.Off)
        {
            yield return new ValidationResult($"Channel '{Name}': only a generic webhook can relay events.", [nameof(Relay)]);
        }
        if (Type == ChannelType.Email)
        {
            if (string.IsNullOrWhiteSpace(SmtpHost)) yield return new ValidationResult($"Channel '{Name}' needs an SMTP host.", [nameof(SmtpHost)]);
            if (SmtpPort is < 1 or > 65535) yield return new ValidationResult($"Channel '{Name}': the SMTP port must be 1-65535.", [nameof(SmtpPort)]);
            if (!IsAddress(MailFrom)) yield return new ValidationResult($"Channel '{Name}' needs a sender address.", [nameof(MailFrom)]);
            if (Recipients().Count == 0 || Recipients().Any(r => !IsAddress(r)))
            {
                yield return new ValidationResult($"Channel '{Name}' needs one or more valid recipient addresses.", [nameof(MailTo)]);
            }
        }
        if (!string.IsNullOrWhiteSpace(QuietFrom) || !string.IsNullOrWhiteSpace(QuietTo))
        {
            if (Quiet is null) yield return new ValidationResult($"Channel '{Name}': quiet hours need both ends as HH:mm.", [nameof(QuietFrom)]);
        }
        if (!string.IsNullOrWhiteSpace(TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone.Trim(), out _))
        {
            yield return new ValidationResult($"Channel '{Name}': unknown time zone '{TimeZone}'.", [nameof(TimeZone)]);
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
        ChannelType.Slack => "Slack-compatible webhook",
        ChannelType.Email => "E-mail (SMTP)",
        _ => "Generic JSON webhook",
    };

    public static string Describe(this RelayMode mode) => mode switch
    {
        RelayMode.Status => "status events",
        RelayMode.All => "every event",
        _ => "off",
    };

    public static string Describe(this ChangeKind kind, int expiryDays) => kind switch
    {
        ChangeKind.Disconnected => "disconnected",
        ChangeKind.Banned => "banned",
        ChangeKind.AtRisk => "at risk",
        ChangeKind.Expired => $"expired (past {Words.ExpiryLine(expiryDays)})",
        _ => "reconnected",
    };

    public static T Parse<T>(string? value, T fallback) where T : struct, Enum =>
        string.IsNullOrEmpty(value) ? fallback : WireNames.FromWire<T>(value);
}
