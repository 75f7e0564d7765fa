using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using StackExchange.Redis;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Benchmarks;

/// <summary>
/// The app under load. Started here, it is the real build output in its own process (so client and
/// server do not share a thread pool or GC), on a free loopback port, with a throwaway database and secret;
/// on PostgreSQL, one or more such instances share the database.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly List<(Uri Url, Process Process)> _instances = [];
    private readonly BenchDatabase? _database;
    private readonly List<HttpClient> _clients = [];
    private readonly ConcurrentQueue<string> _output = new();
    private string? _redis;

    public const string AdminUser = "bench";

    private AppProcess(Uri url, string secret, string? apiKey, BenchDatabase? database = null, int? probePort = null, string? adminPassword = null)
    {
        ProbePort = probePort;
        AdminPassword = adminPassword;
        Url = url;
        Secret = secret;
        ApiKey = apiKey;
        _database = database;
    }

    /// <summary>The first instance's address.</summary>
    public Uri Url { get; }
    /// <summary>Every instance's address, the first one first.</summary>
    public IReadOnlyList<Uri> Urls => Owned ? _instances.Select(i => i.Url).ToList() : [Url];
    public string Secret { get; }
    /// <summary>A full-access <c>X-Api-Key</c> for /api and the hub; null when none was given for an app we did not start.</summary>
    public string? ApiKey { get; }
    public bool Owned => _database is not null;

    /// <summary>This run's dashboard on a shared Redis: its instances share it, no other run does.</summary>
    private string RedisPrefix { get; } = $"wazzap-bench-{Guid.NewGuid():N}";

    /// <summary>Whether the instances share a Redis (<c>--redis</c>).</summary>
    public bool SharesRedis => _redis is not null;
    public bool IsPostgres => _database?.Provider == DatabaseProvider.Postgres;

    /// <summary>Loopback port of the first instance's memory probe (<see cref="StartupHook"/>); null for an app we did not start.</summary>
    public int? ProbePort { get; }

    /// <summary>The password of <see cref="AdminUser"/>, made up for the run; null for an app we did not start.</summary>
    public string? AdminPassword { get; }

    public static AppProcess Existing(Uri url, string secret, string? apiKey) => new(url, secret, apiKey);

    /// <param name="database">The database to start on, deleted at the end.</param>
    /// <param name="instances">More than one only on PostgreSQL: each on its own port, all on <paramref name="database"/>.</param>
    /// <param name="redis">When several instances, the Redis they share (each run its own prefix); null for none.</param>
    public static async Task<AppProcess> StartAsync(BenchDatabase database, int instances, int? maxBatch, string? redis, CancellationToken cancellationToken)
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var adminPassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var probePort = FreePort();
        var app = new AppProcess(new Uri($"http://127.0.0.1:{FreePort()}"), secret, apiKey, database, probePort, adminPassword)
        {
            _redis = instances > 1 ? redis : null,
        };
        try
        {
            // One after the other: the first makes the schema and the admin user, the next ones find them.
            for (var i = 0; i < instances; i++)
            {
                var url = i == 0 ? app.Url : new Uri($"http://127.0.0.1:{FreePort()}");
                var process = app.Launch(url, i == 0 ? probePort : FreePort(), maxBatch, instances > 1 ? $"[{i + 1}] " : "");
                app._instances.Add((url, process));
                await WaitUntilHealthy(url, process, app.Output, cancellationToken);
            }
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private Process Launch(Uri url, int probePort, int? maxBatch, string outputPrefix)
    {
        // The referenced app's build output (dll, runtimeconfig, static asset manifests) is copied beside ours.
        var dll = Path.Combine(AppContext.BaseDirectory, "WazzapDashboard.dll");
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url.ToString().TrimEnd('/'));
        foreach (var argument in _database!.AppArguments()) start.ArgumentList.Add(argument);
        start.ArgumentList.Add($"--Wazzapi:WebhookSecrets:0={Secret}");
        start.ArgumentList.Add($"--Dashboard:ApiKeys:0={ApiKey}");
        // Every delivery comes from 127.0.0.1: the per-address webhook limit would measure itself, not the app.
        start.ArgumentList.Add("--RateLimits:WebhooksPerSecond=1000000");
        if (maxBatch is { } batch) start.ArgumentList.Add($"--Ingest:MaxBatchSize={batch}");
        if (_redis is { } redis)
        {
            start.ArgumentList.Add($"--Redis:Configuration={redis}");
            start.ArgumentList.Add($"--Redis:Prefix={RedisPrefix}");
        }
        // Prunes only when asked (the history run does), and no backups in the middle of a measurement.
        start.ArgumentList.Add("--History:PruneInterval=7.00:00:00");
        start.ArgumentList.Add("--Backup:Interval=30.00:00:00");
        // A user for the pages opened in chromium, and the memory probe loaded into the app by this assembly.
        start.ArgumentList.Add($"--Dashboard:AdminUser={AdminUser}");
        start.ArgumentList.Add($"--Dashboard:AdminPassword={AdminPassword}");
        start.Environment["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location;
        start.Environment[StartupHook.PortVariable] = probePort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        process.OutputDataReceived += (_, e) => Remember(outputPrefix, e.Data);
        process.ErrorDataReceived += (_, e) => Remember(outputPrefix, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>One client per instance, each allowed <paramref name="concurrency"/> connections; disposed with the app.</summary>
    public IReadOnlyList<HttpClient> Clients(int concurrency)
    {
        var clients = Urls.Select(url => LoadRun.Client(url, concurrency)).ToList();
        _clients.AddRange(clients);
        return clients;
    }

    private static async Task WaitUntilHealthy(Uri url, Process process, Func<string> output, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The app exited with code {process.ExitCode}:\n{output()}");
            if (deadline.Elapsed > TimeSpan.FromSeconds(120)) throw new TimeoutException($"/healthz was not 200 within 120 s:\n{output()}");
            try
            {
                using var response = await client.GetAsync("/healthz", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A slow first answer; ask again.
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Rows in the app's events table: every acknowledged delivery must be one. Null for an app we did not start.</summary>
    public long? StoredEvents() => _database?.StoredEvents();

    /// <summary>CPU time all instances have used so far; zero for an app we did not start.</summary>
    public TimeSpan Cpu()
    {
        var used = TimeSpan.Zero;
        foreach (var (_, process) in _instances)
        {
            process.Refresh();
            used += process.TotalProcessorTime;
        }
        return used;
    }

    /// <summary>The CPU time of the PostgreSQL server for the app's database, when that server runs on this machine.</summary>
    public Func<TimeSpan>? ServerCpu => _database is { ServerIsLocal: true } database ? database.ServerCpu : null;

    public string Output() => string.Join('\n', _output);

    private void Remember(string prefix, string? line)
    {
        if (line is null) return;
        _output.Enqueue(prefix + line);
        while (_output.Count > 50) _output.TryDequeue(out _);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        foreach (var (_, process) in _instances)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(wait.Token);
            }
            process.Dispose();
        }
        _database?.Delete();
        if (_redis is { } redis) await ForgetRedisKeys(redis);
    }

    /// <summary>What the run's instances kept in Redis (their key ring), gone with them.</summary>
    private async Task ForgetRedisKeys(string redis)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis);
        var database = connection.GetDatabase();
        foreach (var server in connection.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: $"{RedisPrefix}:*")) await database.KeyDeleteAsync(key);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The <c>dotnet</c> running us when launched through it, else the one on PATH (we may be running from the apphost).</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
