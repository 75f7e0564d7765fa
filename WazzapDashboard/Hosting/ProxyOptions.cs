using System.ComponentModel.DataAnnotations;
using System.Net;

namespace WazzapDashboard.Hosting;

/// <summary>
/// Section <c>Proxy</c>: the reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>
/// are believed. With neither list set, only loopback is (a proxy on the same machine).
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR form, e.g. <c>10.0.0.0/24</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public static readonly IPNetwork[] Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
        {
            yield return new ValidationResult($"Proxy:KnownProxies: '{proxy}' is not an IP address.");
        }
        foreach (var network in KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)))
        {
            yield return new ValidationResult($"Proxy:KnownNetworks: '{network}' is not a network in CIDR form (such as 10.0.0.0/24).");
        }
    }

    /// <summary>The trusted proxies as the forwarded-headers middleware takes them.</summary>
    public (IReadOnlyList<IPAddress> Proxies, IReadOnlyList<IPNetwork> Networks) Trusted() =>
        KnownProxies.Length == 0 && KnownNetworks.Length == 0
            ? ([], Loopback)
            : (KnownProxies.Select(IPAddress.Parse).ToList(), KnownNetworks.Select(n => IPNetwork.Parse(n)).ToList());
}

/// <summary>Section <c>DataProtection</c>: where the keys that sign the sign-in cookies are kept.</summary>
public sealed class KeysOptions
{
    /// <summary>A folder; relative to the content root. Empty: <c>keys</c> beside the database.</summary>
    public string? KeysFolder { get; set; }
}
