using Dapper;
using System.Data.Common;
using Microsoft.Extensions.Options;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Fleet;

/// <summary>
/// Flags connected numbers whose messages stopped far beyond their own pattern (<see cref="SilenceRules"/>)
/// and unflags those the rule no longer holds for. A message clears the flag in the writer at once
/// (<see cref="StatusRules"/>); this pass only ever sets it, or clears a stale one. The patterns are read
/// on a reader connection, off the writer's thread; the few numbers that change are re-checked against
/// their exact last message and saved on the writer, so the change feed stays in order. With several
/// instances, only the holder of the <see cref="Lease"/> lease makes the timed passes.
/// </summary>
public sealed partial class SilenceMonitor(
    Database database, FleetWriter writer, Leases leases, TimeProvider time, IOptions<SilenceOptions> silence, IOptions<FleetOptions> fleet,
    IHostApplicationLifetime lifetime, ILogger<SilenceMonitor> logger) : BackgroundService
{
    public const string Lease = "silence";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(silence.Value.SilentCheckInterval, time);
        try
        {
            await lifetime.WhenStarted(stoppingToken);
            do
            {
                if (leases.TryHold(Lease)) await Check();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass; the number of numbers flagged or unflagged.</summary>
    public async Task<int> Check()
    {
        try
        {
            var now = time.GetUtcNow();
            var minimum = silence.Value.SilentAfter;
            Dictionary<string, List<long>> patterns;
            List<(string Phone, long? SilentSince)> connected;
            using (var connection = database.Open())
            {
                patterns = ActivityPatterns.MessageHours(connection, now - SilenceRules.Window);
                const string sql = "SELECT phone, silent_since FROM numbers WHERE status = 'connected' AND removed_at IS NULL";
                connected = connection.Query<(string, long?)>(sql).ToList();
            }

            // The last active hour's start is the earliest the last message can be: every number that might be
            // silent, and every number flagged, is re-checked against its exact last message on the writer.
            var candidates = connected.Where(n => n.SilentSince is not null
                || (patterns.TryGetValue(n.Phone, out var hours) && SilenceRules.IsSilent(hours, LastHourStart(hours), now, minimum)))
                .Select(n => n.Phone).ToList();
            if (candidates.Count == 0) return 0;

            if (writer.TryRun((connection, transaction) => Apply(connection, transaction, candidates, patterns, now, minimum)) is not { } run)
            {
                LogSkipped();
                return 0;
            }
            var changed = await run;
            if (changed > 0) LogChanged(changed);
            return changed;
        }
        catch (Exception ex)
        {
            LogFailed(ex);
            return 0;
        }
    }

    private (int, IReadOnlyList<NumberView>) Apply(DbConnection connection, DbTransaction transaction,
        List<string> phones, Dictionary<string, List<long>> patterns, DateTimeOffset now, TimeSpan minimum)
    {
        var views = new List<NumberView>();
        foreach (var phone in phones)
        {
            if (FleetWriter.Load(connection, transaction, phone) is not { Status: NumberStatus.Connected, RemovedAt: null } state) continue;
            var last = ActivityPatterns.LastMessage(connection, transaction, phone);
            var silent = patterns.TryGetValue(phone, out var hours) && SilenceRules.IsSilent(hours, last, now, minimum);
            var next = state with { SilentSince = silent ? state.SilentSince ?? last : null };
            if (next == state) continue;
            FleetWriter.Save(connection, transaction, next);
            views.Add(NumberView.From(next, now, fleet.Value));
        }
        return (views.Count, views);
    }

    private static DateTimeOffset LastHourStart(List<long> hours) => DateTimeOffset.FromUnixTimeMilliseconds(hours.Max() * 3_600_000);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silence pass: {Count} numbers went silent or spoke again.")]
    private partial void LogChanged(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silence pass skipped: the write queue is full or the app is stopping.")]
    private partial void LogSkipped();

    [LoggerMessage(Level = LogLevel.Error, Message = "Silence pass failed; the next one tries again.")]
    private partial void LogFailed(Exception ex);
}

/// <summary>
/// Where activity patterns come from: the hourly message counters (<c>message_counts</c>), kept for
/// <c>History:ActivityDays</c>. The raw message rows go after <c>History:RawPayloadDays</c> (7 by default),
/// sooner than the pattern's 14 days, so they serve only for a last message's exact time.
/// </summary>
public static class ActivityPatterns
{
    /// <summary>Per number, the hours since <paramref name="from"/> with any message counted: one query for the fleet.</summary>
    public static Dictionary<string, List<long>> MessageHours(DbConnection connection, DateTimeOffset from)
    {
        const string sql = "SELECT phone, hour_start / 3600000 AS hour FROM message_counts WHERE hour_start >= @from";
        return connection.Query<(string Phone, long Hour)>(sql, new { from = MessageCounts.HourStart(from).ToUnixTimeMilliseconds() })
            .GroupBy(r => r.Phone)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Hour).ToList());
    }

    /// <summary>A number's newest message: its raw row's time while that is kept, else the start of its newest counted hour.</summary>
    public static DateTimeOffset? LastMessage(DbConnection connection, DbTransaction? transaction, string phone)
    {
        const string sql = """
            SELECT coalesce(
                (SELECT max(occurred_at) FROM events WHERE phone = @phone AND event_type >= 'message.' AND event_type < 'message/'),
                (SELECT max(hour_start) FROM message_counts WHERE phone = @phone))
            """;
        return Time.FromMs(connection.ExecuteScalar<long?>(sql, new { phone }, transaction));
    }
}
