using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace WazzapDashboard.Benchmarks;

/// <summary>
/// The app under load. Started here, it is the real build output in its own process (so client and
/// server do not share a thread pool or GC), on a free loopback port, with a throwaway database and secret.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process? _process;
    private readonly string? _databasePath;
    private readonly ConcurrentQueue<string> _output = new();

    public const string AdminUser = "bench";

    private AppProcess(Uri url, string secret, string? apiKey, Process? process = null, string? databasePath = null,
        int? probePort = null, string? adminPassword = null)
    {
        ProbePort = probePort;
        AdminPassword = adminPassword;
        Url = url;
        Secret = secret;
        ApiKey = apiKey;
        _process = process;
        _databasePath = databasePath;
    }

    public Uri Url { get; }
    public string Secret { get; }
    /// <summary>A full-access <c>X-Api-Key</c> for /api and the hub; null when none was given for an app we did not start.</summary>
    public string? ApiKey { get; }
    public bool Owned => _process is not null;

    /// <summary>Loopback port of the app's memory probe (<see cref="StartupHook"/>); null for an app we did not start.</summary>
    public int? ProbePort { get; }

    /// <summary>The password of <see cref="AdminUser"/>, made up for the run; null for an app we did not start.</summary>
    public string? AdminPassword { get; }

    public static AppProcess Existing(Uri url, string secret, string? apiKey) => new(url, secret, apiKey);

    /// <param name="databasePath">A database to start on (deleted at the end too); by default a new one.</param>
    public static async Task<AppProcess> StartAsync(int? maxBatch, CancellationToken cancellationToken, string? databasePath = null)
    {
        // The referenced app's build output (dll, runtimeconfig, static asset manifests) is copied beside ours.
        var dll = Path.Combine(AppContext.BaseDirectory, "WazzapDashboard.dll");
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        databasePath ??= NewDatabasePath();
        var probePort = FreePort();
        var adminPassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

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
        start.ArgumentList.Add($"--ConnectionStrings:Fleet={new SqliteConnectionStringBuilder { DataSource = databasePath }}");
        start.ArgumentList.Add($"--Wazzapi:WebhookSecrets:0={secret}");
        start.ArgumentList.Add($"--Dashboard:ApiKeys:0={apiKey}");
        // Every delivery comes from 127.0.0.1: the per-address webhook limit would measure itself, not the app.
        start.ArgumentList.Add("--RateLimits:WebhooksPerSecond=1000000");
        if (maxBatch is { } batch) start.ArgumentList.Add($"--Ingest:MaxBatchSize={batch}");
        // Prunes only when asked (the history run does), and no backups in the middle of a measurement.
        start.ArgumentList.Add("--History:PruneInterval=7.00:00:00");
        start.ArgumentList.Add("--Backup:Interval=30.00:00:00");
        start.ArgumentList.Add($"--Backup:Folder={databasePath}-backups");
        // A user for the pages opened in chromium, and the memory probe loaded into the app by this assembly.
        start.ArgumentList.Add($"--Dashboard:AdminUser={AdminUser}");
        start.ArgumentList.Add($"--Dashboard:AdminPassword={adminPassword}");
        start.Environment["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location;
        start.Environment[StartupHook.PortVariable] = probePort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        var app = new AppProcess(url, secret, apiKey, process, databasePath, probePort, adminPassword);
        process.OutputDataReceived += (_, e) => app.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => app.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await app.WaitUntilHealthy(cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilHealthy(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process!.HasExited) throw new InvalidOperationException($"The app exited with code {_process.ExitCode}:\n{Output()}");
            if (deadline.Elapsed > TimeSpan.FromSeconds(120)) throw new TimeoutException($"/healthz was not 200 within 120 s:\n{Output()}");
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
    public long? StoredEvents()
    {
        if (_databasePath is null) return null;
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _databasePath, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM events";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>CPU time the app has used so far; zero for an app we did not start.</summary>
    public TimeSpan Cpu()
    {
        if (_process is null) return TimeSpan.Zero;
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public string Output() => string.Join('\n', _output);

    private void Remember(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 50) _output.TryDequeue(out _);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        _process.Dispose();

        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_databasePath + suffix);
        if (Directory.Exists(_databasePath + "-backups")) Directory.Delete(_databasePath + "-backups", recursive: true);
    }

    public string? DatabasePath => _databasePath;

    public static string NewDatabasePath() => Path.Combine(Path.GetTempPath(), $"wazzap-bench-{Guid.NewGuid():N}.db");

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
