using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WazzapDashboard.Fleet;
using WazzapDashboard.Live;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Tests.Infrastructure;

/// <summary>A migrated fleet database with numbers in known states, for component tests.</summary>
public sealed class TestFleet : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 5, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly string _path = TestStore.NewDatabase();

    public TestFleet()
    {
        Database = TestStore.Database(_path);
        Database.Migrate();
        Queries = new FleetQueries(Database, Time, Options.Create(new FleetOptions()));
    }

    public Database Database { get; }
    public FakeTimeProvider Time { get; } = new(Now);
    public ChangeFeed Feed { get; } = new(NullLogger<ChangeFeed>.Instance);
    public FleetQueries Queries { get; }

    /// <summary>The silent-gateway banner's source; not started, so no gateway is silent unless a test runs it.</summary>
    public GatewayWatch Gateways => _gateways ??= new GatewayWatch(Database, Time, Options.Create(new GatewaySilenceOptions()), NullLogger<GatewayWatch>.Instance);

    private GatewayWatch? _gateways;

    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton(Database);
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(Feed);
        services.AddSingleton(Queries);
        services.AddSingleton(Options.Create(new FleetOptions()));
        services.AddLogging();
        services.AddSingleton(Options.Create(new LiveOptions { Throttle = TimeSpan.Zero }));
        services.AddSingleton<LiveFleets>();
        services.AddSingleton(Gateways);
        services.AddSingleton<LiveSnapshot>();
    }

    public static NumberState Connected(string phone, double daysSinceSeen = 1, string? name = null) =>
        new(phone, "ID", name ?? $"Account {phone[^4..]}", null, NumberStatus.Connected, "Connected", null,
            Now.AddDays(-daysSinceSeen), Now.AddDays(-daysSinceSeen), Now.AddDays(-daysSinceSeen), Now.AddDays(-daysSinceSeen));

    public static NumberState Down(string phone, NumberStatus status, ReasonCategory category, double hoursAgo = 1, string? name = null) =>
        new(phone, "ID", name ?? $"Account {phone[^4..]}", null, status, "reason", category,
            Now.AddHours(-hoursAgo), Now.AddHours(-hoursAgo), Now.AddHours(-hoursAgo), Now.AddDays(-3));

    public static NumberState Unknown(string phone) => new(phone, "ID", $"Account {phone[^4..]}", LastEventAt: Now.AddHours(-2));

    public void Seed(params NumberState[] numbers) => Seed(Database, numbers);

    /// <summary>Writes the numbers straight into <paramref name="database"/>, roster columns included.</summary>
    public static void Seed(Database database, IEnumerable<NumberState> numbers)
    {
        using var connection = database.Open();
        foreach (var n in numbers)
        {
            FleetWriter.Save(connection, null, n);
            // Save writes what webhooks change; the roster columns are staff's.
            connection.Execute("""
                UPDATE numbers SET client = @Client, label = @Label, owner = @Owner, notes = @Notes, runs_campaign = @RunsCampaign
                WHERE phone = @Phone
                """, n);
        }
    }

    /// <summary>
    /// A message as the writer keeps it: its raw row (left out with <paramref name="raw"/> false, as once pruned)
    /// and its hour in the counters.
    /// </summary>
    public static void Message(System.Data.Common.DbConnection connection, string phone, DateTimeOffset at, bool raw = true, string source = Sources.Wazzapi)
    {
        var ms = at.ToUnixTimeMilliseconds();
        if (raw)
        {
            connection.Execute("""
                INSERT INTO events (dedupe_key, source, event_type, phone, occurred_at, received_at, payload)
                VALUES (@key, @source, 'message.sent', @phone, @ms, @ms, '{}')
                """, new { key = Guid.NewGuid().ToString(), source, phone, ms });
        }
        connection.Execute("""
            INSERT INTO message_counts (hour_start, phone, sent) VALUES (@hour, @phone, 1)
            ON CONFLICT (hour_start, phone) DO UPDATE SET sent = message_counts.sent + 1
            """, new { hour = MessageCounts.HourStart(at).ToUnixTimeMilliseconds(), phone });
    }

    public NumberView View(NumberState state) => NumberView.From(state, Time.GetUtcNow(), new FleetOptions());

    public void Dispose() => WazzapApplication.DeleteDatabase(_path);
}
