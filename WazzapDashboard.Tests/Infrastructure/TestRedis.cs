using StackExchange.Redis;

namespace WazzapDashboard.Tests.Infrastructure;

/// <summary>
/// The Redis of the scaling tests: <c>WAZZAP_TEST_REDIS</c> (a StackExchange.Redis configuration string),
/// <c>127.0.0.1:6379</c> when unset. A test that needs it fails, never skips, when it is not reachable.
/// Each test takes its own <c>Redis:Prefix</c>, so tests running side by side never hear each other.
/// </summary>
public sealed class TestRedis : IAsyncDisposable
{
    public static string Configuration =>
        Environment.GetEnvironmentVariable("WAZZAP_TEST_REDIS") is { Length: > 0 } configured ? configured : "127.0.0.1:6379";

    private TestRedis(ConnectionMultiplexer connection) => Connection = connection;

    /// <summary>The test's own connection, for listening in or sending as another instance would.</summary>
    public ConnectionMultiplexer Connection { get; }

    /// <summary>This test's dashboard: its instances share the prefix.</summary>
    public string Prefix { get; } = $"wazzap-test-{Guid.NewGuid():N}";

    public Dictionary<string, string?> Settings => new() { ["Redis:Configuration"] = Configuration, ["Redis:Prefix"] = Prefix };

    public static async Task<TestRedis> Connect()
    {
        var options = ConfigurationOptions.Parse(Configuration);
        options.AbortOnConnectFail = true;
        options.AllowAdmin = true; // a test may drop an instance's connection (CLIENT KILL)
        try
        {
            return new TestRedis(await ConnectionMultiplexer.ConnectAsync(options));
        }
        catch (RedisConnectionException ex)
        {
            throw new InvalidOperationException(
                $"Redis is not reachable at {Configuration}: start redis-server, or set WAZZAP_TEST_REDIS to a StackExchange.Redis configuration string.", ex);
        }
    }

    /// <summary>Removes what the test's dashboard kept in Redis (its key ring).</summary>
    public async ValueTask DisposeAsync()
    {
        var database = Connection.GetDatabase();
        foreach (var server in Connection.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: $"{Prefix}:*")) await database.KeyDeleteAsync(key);
        }
        await Connection.DisposeAsync();
    }
}

/// <summary>
/// Instances A and B of one dashboard, as behind a load balancer: one database, one Redis prefix, and each its
/// own keys folder, as on two machines. A is started first, so it migrates the database and makes the admin.
/// </summary>
public sealed class TwoInstances : IAsyncDisposable
{
    private readonly string _database = TestStore.NewDatabase();

    private TwoInstances(TestRedis redis, bool realServers, IDictionary<string, string?>? settings)
    {
        Redis = redis;
        A = new WazzapApplication(_database, realServers, With(redis.Settings, settings));
        _ = A.Services;
        B = new WazzapApplication(_database, realServers, With(redis.Settings, settings, new Dictionary<string, string?> { ["DataProtection:KeysFolder"] = KeysFolderB }));
        _ = B.Services;
    }

    public static async Task<TwoInstances> Start(bool realServers = false, IDictionary<string, string?>? settings = null) =>
        new(await TestRedis.Connect(), realServers, settings);

    public TestRedis Redis { get; }
    public WazzapApplication A { get; }
    public WazzapApplication B { get; }
    public string KeysFolderA => WazzapApplication.KeysFolderOf(_database);
    public string KeysFolderB => WazzapApplication.KeysFolderOf(_database) + "-b";

    private static Dictionary<string, string?> With(params IDictionary<string, string?>?[] settings) =>
        settings.Where(s => s is not null).SelectMany(s => s!).GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Last().Value);

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        WazzapApplication.DeleteDatabase(_database);
        if (Directory.Exists(KeysFolderB)) Directory.Delete(KeysFolderB, recursive: true);
        await Redis.DisposeAsync();
    }
}
