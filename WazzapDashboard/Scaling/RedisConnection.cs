using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace WazzapDashboard.Scaling;

/// <summary>
/// This instance's connection to Redis, opened on first use: never when <c>Redis:Configuration</c> is empty.
/// StackExchange.Redis reconnects by itself; while Redis is away, what goes through it fails and is logged.
/// </summary>
public sealed class RedisConnection(IOptions<RedisOptions> options) : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _multiplexer = new(() => ConnectionMultiplexer.Connect(options.Value.ConnectionOptions()));

    public IConnectionMultiplexer Multiplexer => _multiplexer.Value;

    /// <summary>A Redis name for this dashboard: its channel or key <paramref name="name"/> under <c>Redis:Prefix</c>.</summary>
    public string Name(string name) => $"{options.Value.Prefix}:{name}";

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated) _multiplexer.Value.Dispose();
    }
}
