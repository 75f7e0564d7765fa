using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using static WazzapDashboard.Benchmarks.LoadRun;

namespace WazzapDashboard.Benchmarks;

/// <summary>
/// What "smooth with 5,000 numbers" costs, on a seeded fleet: the size and speed of <c>GET /api/numbers</c>
/// (what every page and wall loads first), and how a burst of deliveries reaches a hub client on
/// <c>/hubs/fleet</c> — how many numbers in <c>NumbersChanged</c> messages for how many deliveries, and how long after
/// the sender's 200 the change is on the client.
/// </summary>
internal static class ScaleRun
{
    public static async Task Run(AppProcess app, HttpClient client, Payloads payloads, BenchOptions options, CancellationToken cancellationToken)
    {
        if (app.ApiKey is null) throw new ArgumentException("--scale needs --api-key for an app started elsewhere: /api and the hub are not anonymous.");
        client.DefaultRequestHeaders.Add("X-Api-Key", app.ApiKey);

        var idle = await ReadFleet(client, options.Reads, () => false, cancellationToken);
        Console.WriteLine($"GET /api/numbers, idle ({idle.Latencies.Count} requests one after another)");
        Console.WriteLine($"  {idle.Numbers:N0} numbers, {Kib(idle.Bytes)} of JSON ({Kib(Gzipped(idle.Body))} gzipped), " +
                          $"{idle.Bytes / Math.Max(1, idle.Numbers)} bytes a number");
        Console.WriteLine($"  latency ms: {Stats.Summary(idle.Latencies)}");

        if (options.Pages > 0) await GridPages.Run(app, options.Pages, cancellationToken);

        var pushes = new ConcurrentQueue<Push>();
        var summaries = 0;
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Url, "/hubs/fleet"), o => o.Headers.Add("X-Api-Key", app.ApiKey))
            .Build();
        hub.On<JsonElement>("NumbersChanged", batch =>
        {
            var received = Stopwatch.GetTimestamp();
            foreach (var n in batch.EnumerateArray())
            {
                pushes.Enqueue(new Push(n.GetProperty("phone").GetString()!,
                    n.GetProperty("lastEventAt").GetDateTimeOffset().ToUnixTimeMilliseconds(), received));
            }
        });
        hub.On<JsonElement>("FleetSummary", _ => Interlocked.Increment(ref summaries));
        await hub.StartAsync(cancellationToken);
        await Task.Delay(500, cancellationToken); // the welcome FleetSummary
        var summariesBefore = Volatile.Read(ref summaries);

        // The burst: message traffic from the first --burst-numbers numbers in turn, each stamped with
        // its send time, so a push whose lastEventAt has reached that time shows the delivery.
        var count = options.Burst;
        var hot = Math.Min(Math.Min(options.BurstNumbers, payloads.Numbers), count);
        var sentAt = new long[count];
        var ackedAt = new long[count];
        var post = Http(client, app.Secret, i =>
        {
            var at = DateTimeOffset.UtcNow;
            sentAt[i] = at.ToUnixTimeMilliseconds(); // the payload carries milliseconds
            return payloads.Burst(i, (int)(i % hot), at);
        });
        var burstDone = false;
        var busyReads = ReadFleet(client, int.MaxValue, () => Volatile.Read(ref burstDone), cancellationToken);
        var burst = await Drive(Acknowledged, options.Concurrency, count, options.MaxPhase, async i =>
        {
            var outcome = await post(i);
            if (outcome == Acknowledged) ackedAt[i] = Stopwatch.GetTimestamp();
            return outcome;
        }, cancellationToken, app.Owned ? [("app", app.Cpu)] : []);
        Volatile.Write(ref burstDone, true);
        var busy = await busyReads;

        // Wait for the tail: the last coalescing window, then the hub's sends.
        var quiet = Stopwatch.StartNew();
        var seen = pushes.Count;
        while (quiet.Elapsed < TimeSpan.FromSeconds(2))
        {
            await Task.Delay(100, cancellationToken);
            if (pushes.Count != seen) (seen, quiet) = (pushes.Count, Stopwatch.StartNew());
        }

        burst.Print($"Burst: {count:N0} signed deliveries from {hot:N0} numbers, {options.Concurrency} concurrent", "deliveries");
        Console.WriteLine($"GET /api/numbers during the burst ({busy.Latencies.Count} requests one after another)");
        Console.WriteLine($"  latency ms: {Stats.Summary(busy.Latencies)}");

        var byPhone = pushes.GroupBy(p => p.Phone).ToDictionary(g => g.Key, g => g.OrderBy(p => p.At).ToList());
        var acked = Enumerable.Range(0, count).Where(i => ackedAt[i] != 0).ToList();
        var latencies = new List<double>();
        var beforeAck = 0;
        var missing = 0;
        foreach (var i in acked)
        {
            var phone = "+" + Payloads.Phone((int)(i % hot));
            var shown = byPhone.GetValueOrDefault(phone)?.FirstOrDefault(p => p.LastEventAt >= sentAt[i]);
            if (shown is null) { missing++; continue; }
            // A push for a newer delivery of the same number can overtake this one's 200: it was on screen first.
            if (shown.At < ackedAt[i]) beforeAck++;
            latencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(ackedAt[i], shown.At).TotalMilliseconds));
        }

        var flushes = Volatile.Read(ref summaries) - summariesBefore;
        Console.WriteLine("Hub client on /hubs/fleet during the burst");
        Console.WriteLine($"  {pushes.Count:N0} numbers changed for {acked.Count:N0} acknowledged deliveries " +
                          $"({(double)pushes.Count / Math.Max(1, acked.Count):P0}), in {flushes} pushes (FleetSummary after each)");
        Console.WriteLine($"  ack-to-push ms (200 received → NumbersChanged received): {Stats.Summary(latencies)}");
        if (beforeAck > 0) Console.WriteLine($"  {beforeAck:N0} deliveries were on the client before their own 200 arrived (counted as 0 ms)");
        Console.WriteLine($"  deliveries never shown on the client: {missing}");
    }

    private sealed record Push(string Phone, long LastEventAt, long At);

    private sealed record FleetReads(List<double> Latencies, int Numbers, long Bytes, byte[] Body);

    /// <summary>GETs /api/numbers <paramref name="times"/> times, or until <paramref name="stop"/> says so.</summary>
    private static async Task<FleetReads> ReadFleet(HttpClient client, int times, Func<bool> stop, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var latencies = new List<double>();
        byte[] body = [];
        for (var i = 0; i < times && !stop(); i++)
        {
            var started = Stopwatch.GetTimestamp();
            body = await client.GetByteArrayAsync("/api/numbers", cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        using var json = JsonDocument.Parse(body.Length == 0 ? "[]"u8.ToArray() : body);
        return new FleetReads(latencies, json.RootElement.GetArrayLength(), body.Length, body);
    }

    private static long Gzipped(byte[] body)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(body);
        return output.Length;
    }

    private static string Kib(long bytes) => $"{bytes / 1024.0:N0} KiB";
}
