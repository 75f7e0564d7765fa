using System.ComponentModel.DataAnnotations;

namespace WazzapDashboard.Alerts;

/// <summary>Section <c>Alerts</c>: noise control, delivery, and channels and rules declared in configuration.</summary>
public sealed class AlertsOptions : IValidatableObject
{
    /// <summary>How long a channel's first pending change waits for others to join it in one message.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan GroupWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Numbers dropping in one group that make a fleet incident (one message listing them).</summary>
    [Range(2, 10_000)]
    public int IncidentThreshold { get; set; } = 5;

    /// <summary>While an incident is open, further changes to its channel are sent at most once per window.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan IncidentWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A recovery is announced only after holding this long; a drop within it is a flap of the same outage.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan FlapWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A disconnection whose reason often heals by itself (phone offline, unknown) is announced only once it
    /// has lasted this long; a logout, a reused slot, a device change or a ban is announced at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan DisconnectGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The dashboard's public address, for links in messages (optional).</summary>
    public string? DashboardUrl { get; set; }

    public DeliveryOptions Delivery { get; set; } = new();

    public List<AlertChannel> Channels { get; set; } = [];
    public List<AlertRule> Rules { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var problem in Delivery.Problems()) yield return new ValidationResult($"Alerts:Delivery: {problem}");
        for (var i = 0; i < Channels.Count; i++)
        {
            foreach (var problem in Channels[i].Problems()) yield return new ValidationResult($"Alerts:Channels:{i}: {problem}");
        }
        foreach (var duplicate in Channels.GroupBy(c => c.Name.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            yield return new ValidationResult($"Alerts:Channels: the name '{duplicate.Key}' is used twice.");
        }
        for (var i = 0; i < Rules.Count; i++)
        {
            // Rules in configuration may also name channels added in the UI, which cannot be checked here:
            // the rule's own channels stand in for the known ones.
            foreach (var problem in Rules[i].Problems(Rules[i].Channels))
            {
                yield return new ValidationResult($"Alerts:Rules:{i}: {problem}");
            }
        }
        if (!string.IsNullOrWhiteSpace(DashboardUrl) && !Uri.TryCreate(DashboardUrl, UriKind.Absolute, out _))
        {
            yield return new ValidationResult("Alerts:DashboardUrl must be an absolute URL.");
        }
    }
}

/// <summary>Section <c>Alerts:Delivery</c>.</summary>
public sealed class DeliveryOptions
{
    /// <summary>Immediate retries inside one delivery attempt (HTTP channels, with exponential backoff from one second).</summary>
    public int HttpRetries { get; set; } = 2;

    /// <summary>Longest wait for one HTTP request or SMTP conversation.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First wait after a failed attempt; it doubles after each failure, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>An alert still undelivered this long after it was written is marked given up (the page can retry it).</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(1);

    public IEnumerable<string> Problems()
    {
        if (HttpRetries is < 0 or > 10) yield return "HttpRetries must be 0-10.";
        if (Timeout <= TimeSpan.Zero) yield return "Timeout must be positive.";
        if (FirstBackoff <= TimeSpan.Zero || MaxBackoff < FirstBackoff) yield return "FirstBackoff must be positive and at most MaxBackoff.";
        if (GiveUpAfter <= TimeSpan.Zero) yield return "GiveUpAfter must be positive.";
    }

    /// <summary>Wait before attempt <paramref name="attempts"/> + 1: first, 2×, 4× … capped.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(FirstBackoff.Ticks * factor, MaxBackoff.Ticks));
    }
}
