using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WazzapDashboard.Fleet;
using WazzapDashboard.Live;
using WazzapDashboard.Storage;
using WazzapDashboard.Webhooks.Payloads;

namespace WazzapDashboard.Benchmarks;

/// <summary>The two ways of committing deliveries: over HTTP to the app, and straight into a <see cref="FleetWriter"/>.</summary>
internal static class LoadRun
{
    public const string Acknowledged = "200";
    public const string Committed = "committed";

    /// <summary>
    /// Calls <paramref name="send"/> for indexes 0, 1, … from <paramref name="concurrency"/> workers until
    /// <paramref name="count"/> are done or <paramref name="duration"/> has passed; each call returns its outcome.
    /// <paramref name="cpu"/> names the processes whose CPU time to report.
    /// </summary>
    public static async Task<Stats> Drive(string success, int concurrency, long count, TimeSpan duration,
        Func<long, Task<string>> send, CancellationToken cancellationToken, params (string Who, Func<TimeSpan> Cpu)[] cpu)
    {
        var cpuBefore = cpu.Select(c => c.Cpu()).ToArray();
        var next = -1L;
        var outcomes = new ConcurrentDictionary<string, int>();
        var latencies = new List<long>[concurrency];
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = [];
            await Task.Yield();
            long index;
            while (!cancellationToken.IsCancellationRequested && clock.Elapsed < duration
                   && (index = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                var outcome = await send(index);
                mine.Add(Stopwatch.GetTimestamp() - started);
                outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            }
        }));

        var elapsed = clock.Elapsed;
        var cpuUsed = cpu.Select((c, i) => (c.Who, c.Cpu() - cpuBefore[i])).ToList();
        return new Stats(success, elapsed, outcomes, latencies.SelectMany(l => l).ToList(), cpuUsed);
    }

    /// <summary>CPU time this process has used so far.</summary>
    public static TimeSpan OwnCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>One client for the whole run, allowed a connection per worker so no request queues inside it.</summary>
    public static HttpClient Client(Uri url, int concurrency) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = concurrency,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        AutomaticDecompression = DecompressionMethods.None,
        UseProxy = false,
        UseCookies = false,
    })
    {
        BaseAddress = url,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Posts a delivery as Wazzapi does, signed with <paramref name="secret"/>; the outcome is the status code.</summary>
    public static Func<long, Task<string>> Http(HttpClient client, string secret, Func<long, Post> delivery) =>
        Http([client], secret, delivery);

    /// <summary>The same, delivery <c>i</c> to instance <c>i mod n</c>: round-robin, as a load balancer would spread them.</summary>
    public static Func<long, Task<string>> Http(IReadOnlyList<HttpClient> clients, string secret, Func<long, Post> delivery)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var json = new MediaTypeHeaderValue("application/json");
        return async index =>
        {
            var post = delivery(index);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/wazzapi") { Content = new ByteArrayContent(post.Body) };
            request.Content.Headers.ContentType = json;
            request.Headers.Add("X-Wazzapi-Signature", Payloads.Sign(post.Body, key));
            request.Headers.Add("X-Wazzapi-Event", post.EventType);
            request.Headers.Add("X-Wazzapi-Event-ID", post.AttemptId);
            try
            {
                using var response = await clients[(int)(index % clients.Count)].SendAsync(request);
                return ((int)response.StatusCode).ToString();
            }
            catch (HttpRequestException ex)
            {
                return $"error {ex.HttpRequestError}";
            }
            catch (TaskCanceledException)
            {
                return "timeout";
            }
        };
    }

    /// <summary>
    /// The ceiling without HTTP: the app's own <see cref="FleetWriter"/> on its own database, fed the
    /// same deliveries parsed exactly as the controller parses them, by the same number of workers.
    /// </summary>
    public sealed class RawWriter : IAsyncDisposable
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), $"wazzap-bench-raw-{Guid.NewGuid():N}.db");
        private readonly FleetWriter _writer;

        public RawWriter(int? maxBatch)
        {
            var database = new Database(new SqliteConnectionStringBuilder { DataSource = _path }.ToString());
            database.Migrate();
            var ingest = new IngestOptions();
            if (maxBatch is { } batch) ingest.MaxBatchSize = batch;
            var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
            var metrics = new FleetMetrics(meters, new FleetQueries(database, TimeProvider.System, Options.Create(new FleetOptions())));
            _writer = new FleetWriter(database, new ChangeFeed(NullLogger<ChangeFeed>.Instance),
                new StorageHealth(TimeProvider.System, NullLogger<StorageHealth>.Instance), TimeProvider.System,
                Options.Create(new FleetOptions()), Options.Create(ingest), metrics, NullLogger<FleetWriter>.Instance);
        }

        public Task StartAsync(CancellationToken cancellationToken) => _writer.StartAsync(cancellationToken);

        public Func<long, Task<string>> Submit(Func<long, Post> delivery) => async index =>
        {
            var post = delivery(index);
            var parsed = PayloadParser.Wazzapi(new Delivery(Encoding.UTF8.GetString(post.Body), post.AttemptId, DateTimeOffset.UtcNow));
            if (parsed.Event is not { } e) return "invalid";

            // A full queue is the controller's 503; here the worker waits briefly and tries again.
            var started = Stopwatch.GetTimestamp();
            Task<WriteResult>? commit;
            while ((commit = _writer.TrySubmit(e)) is null)
            {
                if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(5)) return "queue full";
                await Task.Delay(1);
            }
            try
            {
                return await commit == WriteResult.Stored ? Committed : "duplicate";
            }
            catch (Exception ex)
            {
                return $"error {ex.GetType().Name}";
            }
        };

        public async ValueTask DisposeAsync()
        {
            await _writer.StopAsync(CancellationToken.None);
            _writer.Dispose();
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
        }
    }
}
