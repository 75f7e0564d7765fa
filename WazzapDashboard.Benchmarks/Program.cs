using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using WazzapDashboard.Benchmarks;
using WazzapDashboard.Storage;
using WazzapDashboard.Webhooks.Payloads;
using static WazzapDashboard.Benchmarks.LoadRun;

// Signed Wazzapi deliveries over loopback against the real app, then the same deliveries straight
// into its FleetWriter: the gap between the two is what HTTP costs. With --scale, what a seeded
// 5,000-number fleet costs readers and hub clients instead (ScaleRun). With --provider postgres, the same
// load on SQLite and on PostgreSQL with one and with several instances, side by side.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

var payloads = new Payloads(options.SeedOnly ?? options.Numbers);
// Fail before the run, not with 50,000 answers of 400, if the generator drifts from what the app accepts.
foreach (var sample in new[] { payloads.Seed(payloads.Numbers - 1, DateTimeOffset.UtcNow), payloads.Load(0, DateTimeOffset.UtcNow) })
{
    var parsed = PayloadParser.Wazzapi(new Delivery(System.Text.Encoding.UTF8.GetString(sample.Body), sample.AttemptId, DateTimeOffset.UtcNow));
    if (parsed.Event?.Phone is null) throw new InvalidOperationException($"The app would refuse a generated delivery: {parsed.Error}");
}

// Seeding, the warm-up of every run: one delivery introduces each number.
Func<long, Post> seed = i => payloads.Seed((int)i, DateTimeOffset.UtcNow);
Func<long, Post> load = i => payloads.Load(i, DateTimeOffset.UtcNow);
var count = options.Duration is null ? options.Deliveries : long.MaxValue;
var duration = options.Duration ?? options.MaxPhase;

if (options.SeedOnly is { } numbers)
{
    using var seeder = Client(options.Url!, options.Concurrency);
    var seeded = await Drive(Acknowledged, options.Concurrency, numbers, options.MaxPhase, Http(seeder, options.Secret!, seed), stop.Token);
    seeded.Print($"Seeded {numbers:N0} numbers into {options.Url}", "deliveries");
    return seeded.Succeeded == numbers ? 0 : 1;
}

if (options.Provider == DatabaseProvider.Postgres)
{
    try
    {
        BenchDatabase.CheckServer(options.PostgresServer);
    }
    catch (NpgsqlException ex)
    {
        Console.Error.WriteLine($"The PostgreSQL server (--postgres) does not answer: {ex.Message}");
        return 2;
    }
    var results = new List<(string Name, Stats Http, bool Kept)>();
    foreach (var (provider, instances) in options.Configurations())
    {
        if (stop.IsCancellationRequested) break;
        var name = $"{(provider == DatabaseProvider.Postgres ? "PostgreSQL" : "SQLite")}, {instances} instance{(instances == 1 ? "" : "s")}";
        Console.WriteLine();
        Console.WriteLine($"== {name}");
        var database = provider == DatabaseProvider.Postgres ? BenchDatabase.Postgres(options.PostgresServer) : BenchDatabase.Sqlite();
        await using var app = await AppProcess.StartAsync(database, instances, options.MaxBatch, options.Redis, stop.Token);
        var (clients, seeded) = await WarmUp(app);
        var (measured, kept) = await Measure(app, clients, seeded.Succeeded);
        results.Add((name, measured, kept == true));
    }

    Console.WriteLine();
    Console.WriteLine($"Side by side, deliveries acknowledged (200): {(options.Duration is null ? $"{count:N0} deliveries" : $"{duration.TotalSeconds:F0} s")} each over " +
                      $"{options.Numbers:N0} numbers, {options.Concurrency} concurrent, {Environment.ProcessorCount} cores");
    Console.WriteLine($"{Stats.Header("configuration", 26)}  stored = acknowledged");
    foreach (var (name, measured, kept) in results) Console.WriteLine($"{measured.Row(name, 26)}  {(kept ? "yes" : "NO")}");
    // SQLite's work is inside the app; PostgreSQL's is in its server, counted when the server is on this machine.
    Console.WriteLine("CPU each: the app instances and the load generator, and on PostgreSQL its server when local (each run's CPU line says).");
    return results.All(r => r.Kept && r.Http.Outcomes.Keys.All(k => k == Acknowledged)) ? 0 : 1;
}

string? prefilled = null;
if (options.History > 0)
{
    prefilled = BenchDatabase.NewSqlitePath();
    HistoryRun.Prefill(prefilled, options.History, payloads);
}

Stats http;
Stats? raw = null;
await using (var app = options.Url is null
    ? await AppProcess.StartAsync(BenchDatabase.Sqlite(prefilled), 1, options.MaxBatch, null, stop.Token)
    : AppProcess.Existing(options.Url, options.Secret!, options.ApiKey))
{
    var (clients, warmUp) = await WarmUp(app);
    var client = clients[0];

    if (options.Scale)
    {
        await ScaleRun.Run(app, client, payloads, options, stop.Token);
        return 0;
    }

    (http, _) = await Measure(app, clients, options.History + warmUp.Succeeded);

    if (prefilled is not null && !stop.IsCancellationRequested)
    {
        var page = HistoryRun.NumberPage(prefilled, options.Numbers, 200);
        page.Sort();
        Console.WriteLine($"Number page queries (timeline page, 90-day status changes, type filter), 200 numbers: " +
                          $"p50 {Stats.NearestRank(page, 50):F1} ms  p99 {Stats.NearestRank(page, 99):F1} ms  max {page[^1]:F1} ms");

        // The expired half of the history goes while deliveries keep arriving.
        var before = new FileInfo(prefilled).Length + new FileInfo(prefilled + "-wal").Length;
        using var pruned = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        var prune = HistoryRun.Prune(app, stop.Token);
        _ = prune.ContinueWith(_ => pruned.Cancel(), TaskScheduler.Default);
        var largestWal = HistoryRun.LargestWal(prefilled, pruned.Token);
        var during = await Drive(Acknowledged, options.Concurrency, long.MaxValue, TimeSpan.FromHours(1),
            Http(client, app.Secret, i => payloads.Load(1_000_000_000 + i, DateTimeOffset.UtcNow)), pruned.Token);
        var report = await prune;
        var rows = report.GetProperty("rows").GetInt64();
        var took = report.GetProperty("took").GetString()!;
        during.Print("HTTP during the prune", "deliveries");
        Console.WriteLine($"Prune: {rows:N0} rows ({report.GetProperty("rawMessages").GetInt64():N0} raw messages) in {TimeSpan.Parse(took).TotalSeconds:F1} s " +
                          $"= {rows / TimeSpan.Parse(took).TotalSeconds:N0} rows/s; {report.GetProperty("batches").GetInt32():N0} batches, " +
                          $"longest {TimeSpan.Parse(report.GetProperty("longestBatch").GetString()!).TotalMilliseconds:F0} ms; " +
                          $"{report.GetProperty("pagesFreed").GetInt64():N0} pages handed back");
        var after = new FileInfo(prefilled).Length + new FileInfo(prefilled + "-wal").Length;
        Console.WriteLine($"Database and WAL: {before / 1048576.0:N0} MiB before the prune, {after / 1048576.0:N0} MiB after; " +
                          $"the WAL at most {await largestWal / 1048576.0:N0} MiB during it");
        try
        {
            var (bytes, messages, perRow) = HistoryRun.CounterBytesPerMessage(prefilled);
            Console.WriteLine($"After retention a message is its share of an hourly counter: {bytes:F1} bytes a message ({messages:N0} messages counted), " +
                              $"{perRow:F1} bytes a number-hour with its index entry");
        }
        catch (SqliteException ex)
        {
            Console.WriteLine($"Counter bytes per message not measured: {ex.Message}");
        }
    }
}

if (options.Raw && !stop.IsCancellationRequested)
{
    await using var writer = new RawWriter(options.MaxBatch);
    await writer.StartAsync(stop.Token);
    await Drive(Committed, options.Concurrency, options.Numbers, options.MaxPhase, writer.Submit(seed), stop.Token);
    raw = await Drive(Committed, options.Concurrency, count, duration, writer.Submit(load), stop.Token, ("writer and feeders", OwnCpu));
    raw.Print("Raw ceiling: same deliveries parsed and committed by FleetWriter, no HTTP", "events");
}

Console.WriteLine();
Console.WriteLine(Stats.Header());
Console.WriteLine(http.Row("HTTP deliveries"));
if (raw is not null)
{
    Console.WriteLine(raw.Row("raw FleetWriter"));
    Console.WriteLine($"HTTP reaches {(http.PerSecond / raw.PerSecond).ToString("P0", CultureInfo.InvariantCulture)} of the writer's ceiling.");
}
// On a shared machine the rate also measures the neighbours; CPU per delivery does not.
if (http.CpuPerRequest > 0)
{
    Console.WriteLine($"CPU bound for HTTP, app and load generator together: {Environment.ProcessorCount} cores ÷ {http.CpuPerRequest:F0} µs " +
                      $"≈ {Environment.ProcessorCount * 1e6 / http.CpuPerRequest:N0} deliveries/s on an otherwise idle machine.");
}
if (http.Succeeded < count && count != long.MaxValue) Console.WriteLine($"Stopped after {duration.TotalSeconds:F0} s (--max-seconds) before all {count:N0} deliveries.");
return http.Outcomes.Keys.All(k => k == Acknowledged) ? 0 : 1;

// What the app is and how busy the machine is, then every number seeded: the warm-up of every run.
async Task<(IReadOnlyList<HttpClient> Clients, Stats WarmUp)> WarmUp(AppProcess app)
{
    var started = app.Owned ? $" (started here, Production, temporary {(app.IsPostgres ? "PostgreSQL " : "")}database)" : "";
    Console.WriteLine($"App at {string.Join(", ", app.Urls)}{started}; " +
                      $"{options.Concurrency} concurrent, {options.Numbers:N0} numbers, {Environment.ProcessorCount} cores");
    // Other work on the machine takes cores from both sides: say how busy it was.
    if (File.Exists("/proc/loadavg")) Console.WriteLine($"Load average before the run: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    var clients = app.Clients(options.Concurrency);
    var warmUp = await Drive(Acknowledged, options.Concurrency, options.Numbers, options.MaxPhase, Http(clients, app.Secret, seed), stop.Token);
    Console.WriteLine($"Warm-up: seeded {warmUp.Succeeded:N0} numbers at {warmUp.PerSecond:N0}/s (failures: {warmUp.Failures})");
    return (clients, warmUp);
}

// The measured deliveries, spread over the app's instances in turn; then whether every 200 was stored
// (null when the database is not ours to count). acknowledged: deliveries stored before this phase.
async Task<(Stats Http, bool? Kept)> Measure(AppProcess app, IReadOnlyList<HttpClient> clients, long acknowledged)
{
    var cpu = new List<(string, Func<TimeSpan>)>();
    if (app.Owned) cpu.Add((clients.Count == 1 ? "app" : $"{clients.Count} app instances", app.Cpu));
    cpu.Add(("load generator", OwnCpu));
    if (app.ServerCpu is { } server) cpu.Add(("PostgreSQL server", server));
    var run = Drive(Acknowledged, options.Concurrency, count, duration, Http(clients, app.Secret, load), stop.Token, [.. cpu]);
    var across = app.SharesRedis ? CrossInstanceProbe.Run(app, payloads, run, stop.Token) : null;
    var measured = await run;
    measured.Print($"HTTP: signed POST /webhooks/wazzapi, answered 200 only once committed{(clients.Count == 1 ? "" : $", to {clients.Count} instances in turn")}", "deliveries");
    var probed = 0;
    if (across is not null)
    {
        var probe = await across;
        probed = probe.Sent;
        Console.WriteLine($"Across instances (Redis), during the load: {probe.Sent:N0} deliveries acknowledged by instance {clients.Count}, " +
                          $"shown on a hub client of instance 1");
        Console.WriteLine($"  ack-to-push ms (200 received → NumbersChanged received): {Stats.Summary(probe.Latencies)}; never shown: {probe.Missing}");
    }
    bool? kept = null;
    if (app.StoredEvents() is { } stored)
    {
        // Every 200 is a promise that the row is on disk: check it was kept.
        var expected = acknowledged + measured.Succeeded + probed;
        kept = stored == expected;
        Console.WriteLine($"  stored events: {stored:N0} (acknowledged {expected:N0}){(kept == true ? "" : "  <-- MISMATCH")}");
    }
    if (app.Owned && measured.Outcomes.Keys.Any(k => k != Acknowledged)) Console.WriteLine($"  app output (last lines):\n{app.Output()}");
    return (measured, kept);
}
