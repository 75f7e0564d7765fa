using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace WazzapDashboard.Benchmarks;

/// <summary>
/// How soon a change one instance takes is live on another (instances sharing Redis): while the load
/// runs, one delivery at a time goes to the last instance, from numbers the load never sends, each timed
/// from its 200 to the <c>NumbersChanged</c> that shows it on a hub client of the first instance. That is
/// the backplane's path; the pages' change relay crosses the same Redis the same way.
/// </summary>
internal static class CrossInstanceProbe
{
    /// <summary>Numbers the probe cycles through, past the load's: each comes back every 100 probes, so a push is never taken for an earlier probe's.</summary>
    private const int ProbeNumbers = 100;

    /// <summary>Between one probe's 200 and the next probe: a trickle beside the load (a few a second).</summary>
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(50);

    public sealed record Result(int Sent, List<double> Latencies, int Missing);

    /// <summary>Probes until <paramref name="load"/> ends, then waits for the last pushes.</summary>
    public static async Task<Result> Run(AppProcess app, Payloads payloads, Task load, CancellationToken cancellationToken)
    {
        var pushes = new ConcurrentQueue<(string Phone, long LastEventAt, long At)>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Url, "/hubs/fleet"), o => o.Headers.Add("X-Api-Key", app.ApiKey!))
            .Build();
        hub.On<JsonElement>("NumbersChanged", batch =>
        {
            var received = Stopwatch.GetTimestamp();
            foreach (var n in batch.EnumerateArray())
            {
                pushes.Enqueue((n.GetProperty("phone").GetString()!, n.GetProperty("lastEventAt").GetDateTimeOffset().ToUnixTimeMilliseconds(), received));
            }
        });
        await hub.StartAsync(cancellationToken);

        using var client = LoadRun.Client(app.Urls[^1], 1);
        var probes = new List<(string Phone, long SentAt, long AckedAt)>();
        var sentAt = 0L;
        var post = LoadRun.Http(client, app.Secret, i =>
        {
            var at = DateTimeOffset.UtcNow;
            sentAt = at.ToUnixTimeMilliseconds(); // the payload carries milliseconds
            return payloads.Burst(i, payloads.Numbers + (int)(i % ProbeNumbers), at);
        });
        for (long i = 0; !load.IsCompleted && !cancellationToken.IsCancellationRequested; i++)
        {
            if (await post(i) == LoadRun.Acknowledged)
            {
                probes.Add(("+" + Payloads.Phone(payloads.Numbers + (int)(i % ProbeNumbers)), sentAt, Stopwatch.GetTimestamp()));
            }
            await Task.Delay(Pace, cancellationToken);
        }

        // The tail: pushes still on their way.
        var quiet = Stopwatch.StartNew();
        var seen = pushes.Count;
        while (quiet.Elapsed < TimeSpan.FromSeconds(2))
        {
            await Task.Delay(100, cancellationToken);
            if (pushes.Count != seen) (seen, quiet) = (pushes.Count, Stopwatch.StartNew());
        }

        var byPhone = pushes.GroupBy(p => p.Phone).ToDictionary(g => g.Key, g => g.OrderBy(p => p.At).ToList());
        var latencies = new List<double>();
        var missing = 0;
        foreach (var (phone, sent, acked) in probes)
        {
            var shown = byPhone.GetValueOrDefault(phone)?.Where(p => p.LastEventAt >= sent).Select(p => (long?)p.At).FirstOrDefault();
            if (shown is not { } at)
            {
                missing++;
                continue;
            }
            latencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(acked, at).TotalMilliseconds));
        }
        return new Result(probes.Count, latencies, missing);
    }
}
