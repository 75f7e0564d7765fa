using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using WazzapDashboard.Fleet;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Reconciliation;

/// <summary>One difference a poll found, and what it did about it.</summary>
public sealed record PollDifference(string Phone, string? AccountName, NumberStatus? Ours, string? DeviceStatus, string EventType, bool NewNumber);

/// <summary>A finished poll: when, whether it read every page, what it found.</summary>
public sealed record PollResult(
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string? Error,
    int Devices,
    IReadOnlyList<PollDifference> Differences,
    IReadOnlyDictionary<string, int> Unrecognised,
    int WithoutPhone)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// What the admin page shows: the last poll, the last one that succeeded, and when the next is due. Kept
/// in the database (<c>reconciliation_status</c>), so the page of every instance shows the poll the
/// lease holder made; the page of the instance that polled also follows each poll as it ends.
/// </summary>
public sealed class ReconciliationStatus(Database database)
{
    public (PollResult? Last, PollResult? LastSucceeded, DateTimeOffset? NextPollAt, int FailuresInARow) Snapshot()
    {
        const string sql = "SELECT last, last_succeeded, next_poll_at, failures_in_a_row FROM reconciliation_status WHERE id = 1";
        using var connection = database.Open();
        var row = connection.QuerySingleOrDefault<(string? Last, string? LastSucceeded, long? NextPollAt, long? FailuresInARow)>(sql);
        return (Read(row.Last), Read(row.LastSucceeded), row.NextPollAt is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null, (int)(row.FailuresInARow ?? 0));
    }

    /// <summary>Polls this instance finished since it started.</summary>
    public int Completed { get; private set; }

    private event Action? ChangedEvent;

    /// <summary>Called after each poll this instance makes (on the poller's thread; hand the work off).</summary>
    public IDisposable Subscribe(Action changed)
    {
        ChangedEvent += changed;
        return new Unsubscriber(() => ChangedEvent -= changed);
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }

    /// <summary>
    /// Keeps <paramref name="result"/>; <paramref name="next"/> gives the next poll's time from the failures in
    /// a row, which this returns. Throws a <see cref="DbException"/> when the database cannot keep it.
    /// </summary>
    internal int Record(PollResult result, Func<int, DateTimeOffset> next)
    {
        const string sql = """
            INSERT INTO reconciliation_status (id, last, last_succeeded, next_poll_at, failures_in_a_row)
            VALUES (1, @last, @lastSucceeded, @nextPollAt, @failures)
            ON CONFLICT (id) DO UPDATE SET
                last = excluded.last,
                last_succeeded = coalesce(excluded.last_succeeded, reconciliation_status.last_succeeded),
                next_poll_at = excluded.next_poll_at,
                failures_in_a_row = excluded.failures_in_a_row
            """;
        try
        {
            int failures;
            using (var connection = database.Open())
            {
                var before = connection.ExecuteScalar<long?>("SELECT failures_in_a_row FROM reconciliation_status WHERE id = 1") ?? 0;
                failures = result.Succeeded ? 0 : (int)before + 1;
                var json = JsonSerializer.Serialize(result, WireNames.Json);
                connection.Execute(sql, new
                {
                    last = json,
                    lastSucceeded = result.Succeeded ? json : null,
                    nextPollAt = next(failures).ToUnixTimeMilliseconds(),
                    failures,
                });
            }
            ChangedEvent?.Invoke();
            return failures;
        }
        finally
        {
            Completed++;
        }
    }

    /// <summary>A kept poll; null for none, or for one this version cannot read (written by another, during an upgrade of several instances).</summary>
    private static PollResult? Read(string? json)
    {
        try
        {
            return json is null ? null : JsonSerializer.Deserialize<PollResult>(json, WireNames.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// Reconciliation: every <c>Wazzapi:PollInterval</c>, reads every page of Wazzapi's device list and records
/// each device that disagrees with the dashboard as a <c>poll</c> event through the same writer, rules and
/// live feed as a webhook. Its event time is the time of the API's answer, so a newer webhook still wins and
/// an older one arriving late stays history. A device not on the roster appears. A failed poll is
/// recorded for the admin page and the next one waits longer (doubling, up to an hour); nothing else stops.
/// With several instances, only the holder of the <see cref="Lease"/> lease polls; the others look again
/// every interval, and their admin page shows the holder's polls (<see cref="ReconciliationStatus"/>).
/// </summary>
public sealed partial class DevicePoller(
    WazzapiDevices api, FleetWriter writer, Database database, Leases leases, ReconciliationStatus status, TimeProvider time,
    IOptions<ReconciliationOptions> options, IHostApplicationLifetime lifetime, ILogger<DevicePoller> logger) : BackgroundService
{
    public const string Lease = "reconciliation";

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);
    private const int MaxPages = 10_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        try
        {
            await lifetime.WhenStarted(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var interval = options.Value.PollInterval;
                if (!leases.TryHold(Lease))
                {
                    await Task.Delay(interval, time, stoppingToken);
                    continue;
                }
                var result = await Poll(stoppingToken);
                await Task.Delay(Backoff(interval, Record(result, interval)), time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Keeps the poll for the admin page, and gives the failures in a row (counting this one only when the database cannot say).</summary>
    private int Record(PollResult result, TimeSpan interval)
    {
        try
        {
            return status.Record(result, failuresInARow => result.FinishedAt + Backoff(interval, failuresInARow));
        }
        catch (DbException ex)
        {
            LogNotRecorded(ex); // the page keeps showing the poll before; polling goes on
            return result.Succeeded ? 0 : 1;
        }
    }

    /// <summary>The wait after a poll: the interval, doubled for each failure in a row, at most an hour (or the interval, when longer).</summary>
    public static TimeSpan Backoff(TimeSpan interval, int failuresInARow)
    {
        var factor = Math.Pow(2, Math.Clamp(failuresInARow, 0, 20));
        return TimeSpan.FromTicks((long)Math.Min(interval.Ticks * factor, Math.Max(interval.Ticks, MaxBackoff.Ticks)));
    }

    private async Task<PollResult> Poll(CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var devices = 0;
        var withoutPhone = 0;
        var differences = new List<PollDifference>();
        var unrecognised = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var ours = Statuses();
            var offset = 0;
            for (var pages = 0; pages < MaxPages; pages++)
            {
                var page = await api.Page(offset, cancellationToken);
                devices += page.Devices.Count;
                var commits = new List<Task<WriteResult>>();
                foreach (var device in page.Devices)
                {
                    if (Phones.Normalise(device.PhoneNumber) is not { } phone)
                    {
                        withoutPhone++; // not paired yet, or a number we cannot read
                        continue;
                    }
                    var meaning = DeviceStatuses.Meaning(device.Status);
                    if (meaning == DeviceState.Unrecognised)
                    {
                        var raw = device.Status ?? "(none)";
                        unrecognised[raw] = unrecognised.GetValueOrDefault(raw) + 1;
                    }
                    var known = ours.TryGetValue(phone.E164, out var number);
                    if (known && number.Removed) continue; // staff took it off the roster: a poll does not put it back
                    if (DeviceStatuses.Difference(known ? number.Status : null, meaning) is not { } eventType) continue;

                    var e = new FleetEvent(Sources.Poll, $"poll:{device.Id}:{page.AnsweredAt.ToUnixTimeMilliseconds()}", null, eventType,
                        phone.E164, phone.Country, null, device.Name, device.Status, page.AnsweredAt, page.AnsweredAt, device.Json);
                    // A page's differences commit together, in as few batches as the writer makes of them.
                    if (writer.TrySubmit(e) is not { } stored) throw new DeviceApiException("The write queue is full; the next poll tries again.");
                    commits.Add(stored);
                    differences.Add(new PollDifference(phone.E164, device.Name, known ? number.Status : null, device.Status, eventType, !known));
                    ours[phone.E164] = (known ? number.Status : NumberStatus.Unknown, false);
                }
                await Task.WhenAll(commits);
                offset += page.Devices.Count;
                if (page.Devices.Count == 0 || offset >= page.Total) break;
            }
            if (differences.Count > 0) LogDifferences(devices, differences.Count);
            return new PollResult(startedAt, time.GetUtcNow(), null, devices, differences, unrecognised, withoutPhone);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var error = ex switch
            {
                DeviceApiException => ex.Message,
                TimeoutException or Polly.Timeout.TimeoutRejectedException or TaskCanceledException =>
                    "The device API did not answer in time (Wazzapi:RequestTimeout), even after retries.",
                HttpRequestException http => $"The device API could not be reached: {http.HttpRequestError}.",
                _ => "The poll failed unexpectedly; see the log.",
            };
            LogFailed(error, ex);
            return new PollResult(startedAt, time.GetUtcNow(), error, devices, differences, unrecognised, withoutPhone);
        }
    }

    /// <summary>Every number the dashboard knows, removed ones too, with its status.</summary>
    private Dictionary<string, (NumberStatus Status, bool Removed)> Statuses()
    {
        const string sql = "SELECT phone, status, removed_at IS NOT NULL AS removed FROM numbers";
        using var connection = database.Open();
        return connection.Query<(string Phone, string Status, bool Removed)>(sql)
            .ToDictionary(r => r.Phone, r => (WireNames.FromWire<NumberStatus>(r.Status), r.Removed));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation: {Devices} devices read, {Differences} differed and were recorded.")]
    private partial void LogDifferences(int devices, int differences);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation poll could not be kept for the admin page; polling goes on.")]
    private partial void LogNotRecorded(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation poll failed: {Error}")]
    private partial void LogFailed(string error, Exception ex);
}
