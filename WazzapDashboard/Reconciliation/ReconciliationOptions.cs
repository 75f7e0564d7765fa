using System.ComponentModel.DataAnnotations;

namespace WazzapDashboard.Reconciliation;

/// <summary>Section <c>Wazzapi</c>: its device API, polled to find what the webhooks missed.</summary>
public sealed class ReconciliationOptions : IValidatableObject
{
    /// <summary>Bearer key for the device API; unset turns reconciliation off.</summary>
    public string? ApiKey { get; set; }

    public string ApiBaseUrl { get; set; } = "https://api.wazzapi.com";

    /// <summary>How often the whole device list is read (300 requests a minute per key is Wazzapi's limit).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest wait for one page before that attempt counts as failed and is retried.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(ApiKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            yield return new ValidationResult("Wazzapi:ApiBaseUrl must be an absolute http(s) URL.");
        }
    }
}
