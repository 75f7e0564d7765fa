using System.ComponentModel.DataAnnotations;
using System.Net;

namespace WazzapDashboard.Observability;

/// <summary>Section <c>Metrics</c>: who may scrape <c>/metrics</c> without an API key.</summary>
public sealed class MetricsOptions : IValidatableObject
{
    /// <summary>Networks in CIDR form (<c>127.0.0.1/32</c>, <c>10.0.0.0/24</c>); empty: an API key is needed.</summary>
    public string[] AllowedNetworks { get; set; } = [];

    public bool Allows(IPAddress? address)
    {
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return AllowedNetworks.Any(n => IPNetwork.Parse(n).Contains(address));
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var network in AllowedNetworks.Where(n => !IPNetwork.TryParse(n, out _)))
        {
            yield return new ValidationResult($"Metrics:AllowedNetworks: '{network}' is not a network in CIDR form (such as 127.0.0.1/32).");
        }
    }
}
