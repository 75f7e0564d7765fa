using System.ComponentModel.DataAnnotations;
using StackExchange.Redis;

namespace WazzapDashboard.Scaling;

/// <summary>
/// Section <c>Redis</c>: several instances behind a load balancer share live changes, the hub's clients and
/// the sign-in keys through it. Without <see cref="Configuration"/> the app is one instance and needs no Redis.
/// </summary>
public sealed class RedisOptions : IValidatableObject
{
    /// <summary>A StackExchange.Redis configuration string, e.g. <c>host:6379,password=…</c>.</summary>
    public string? Configuration { get; set; }

    /// <summary>What this dashboard's channels and keys start with: the instances of one dashboard share it, another dashboard on the same Redis needs its own.</summary>
    [Required, RegularExpression(@"^[A-Za-z0-9._-]{1,64}$", ErrorMessage = "Redis:Prefix takes 1 to 64 letters, digits, '.', '_' or '-'.")]
    public string Prefix { get; set; } = "WazzapDashboard";

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);

    /// <summary>The connection's options: it keeps trying when Redis is away, at start-up too, rather than failing the app.</summary>
    public ConfigurationOptions ConnectionOptions()
    {
        var options = ConfigurationOptions.Parse(Configuration!);
        options.AbortOnConnectFail = false;
        return options;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled) yield break;
        string? problem = null;
        try
        {
            ConfigurationOptions.Parse(Configuration!);
        }
        catch (ArgumentException ex)
        {
            problem = ex.Message;
        }
        if (problem is not null) yield return new ValidationResult($"Redis:Configuration is not a StackExchange.Redis configuration string: {problem}");
    }
}
