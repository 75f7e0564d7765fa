using System.ComponentModel.DataAnnotations;

namespace WazzapDashboard.Fleet;

/// <summary>Section <c>Fleet</c>: where the 14-day linked-device expiry lines are drawn, and how often they are checked.</summary>
public sealed class FleetOptions : IValidatableObject
{
    /// <summary>Days without the phone seen online before a number is flagged at risk (the vendor: "power it on weekly").</summary>
    [Range(1, 365)]
    public int AtRiskAfterDays { get; set; } = 7;

    /// <summary>Days without the phone online after which WhatsApp expires the linked device.</summary>
    [Range(1, 365)]
    public int ExpiryDays { get; set; } = 14;

    /// <summary>How often the risk monitor looks for numbers that crossed a line with no event to say so.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RiskCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AtRiskAfterDays >= ExpiryDays)
        {
            yield return new ValidationResult("Fleet:AtRiskAfterDays must be less than Fleet:ExpiryDays.");
        }
    }
}
