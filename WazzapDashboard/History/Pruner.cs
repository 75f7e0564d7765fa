using System.Diagnostics;
using System.Text.Json;
using Dapper;
using System.Data.Common;
using Microsoft.Extensions.Options;
using WazzapDashboard.Fleet;
using WazzapDashboard.Storage;

namespace WazzapDashboard.History;

/// <summary>What one prune pass removed, and how long it held the writer at most.</summary>
public sealed record PruneReport(
    DateTimeOffset StartedAt,
    TimeSpan Took,
    long RawMessages,
    long StatusEvents,
    long ActivityHours,
    long DedupeKeys,
    long Notes,
    long PagesFreed,
    int Batches,
    TimeSpan LongestBatch)
{
    public long Rows => RawMessages + StatusEvents + ActivityHours + DedupeKeys + Notes;
}

/// <summary>
/// Applies <see cref="HistoryOptions"/> and <c>Ingest:DedupeWindow</c>: every <c>History:PruneInterval</c>, or
/// on demand, deletes what is past its time in batches of <c>History:PruneBatchSize</c> rows, then hands the
/// freed pages back to the file system (incremental vacuum). Each batch is a command on the single writer,
/// in turn with deliveries, so ingestion waits for one small batch at most, never for a whole pass; the
/// writer keeps the WAL those batches write under <see cref="Database.WalLimit"/>. The pass ends with a
/// full checkpoint (<see cref="Database.RestartWal"/>), which shrinks the database file by the pages handed back.
///
/// Events are found in id order, which is arrival order: raw message rows from a remembered cursor up to the
/// first one still kept, then from the front of the table whatever is past the status retention. An event's
/// age counts from its own time, or from its arrival when that is earlier (a clock in the future does not
/// keep a row forever).
///
/// With several instances, only the holder of the <see cref="Lease"/> lease makes the timed passes; a pass
/// asked for on the Storage page runs where it was asked.
/// </summary>
public sealed partial class Pruner(
    FleetWriter writer,
    Database database,
    Leases leases,
    TimeProvider time,
    IOptions<HistoryOptions> options,
    IOptions<IngestOptions> ingest,
    ILogger<Pruner> logger) : BackgroundService
{
    /// <summary>The dedupe keys are deleted in this many slices of the hash range, each a small transaction.</summary>
    private const int KeySlices = 64;

    /// <summary>Pages handed back to the file system per writer command (8 MiB at 4 KiB pages).</summary>
    private const int VacuumStep = 2_048;

    public const string Lease = "prune";

    private readonly SemaphoreSlim _running = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PruneInterval, time);
        leases.TryHold(Lease); // now, not at the first tick: a standby then takes it over as soon as the holder dies
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!leases.TryHold(Lease)) continue;
                try
                {
                    await PruneNow(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogPruneFailed(ex); // recorded for the Storage page; the next tick tries again
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>One whole pass; waits for a pass already running to end first.</summary>
    public async Task<PruneReport> PruneNow(CancellationToken cancellationToken = default)
    {
        await _running.WaitAsync(cancellationToken);
        var startedAt = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        try
        {
            Maintenance.Record(database, Maintenance.Prune, startedAt, null, null);
            var pass = new Pass(writer, options.Value.PruneBatchSize, cancellationToken);
            var settings = options.Value;
            var raw = await pass.RawMessages(settings.RawCutoff(startedAt).ToUnixTimeMilliseconds());
            var status = await pass.OldEvents(startedAt.AddDays(-settings.StatusEventDays).ToUnixTimeMilliseconds());
            var hours = await pass.Repeat(PruneCountsSql, MessageCounts.HourStart(startedAt.AddDays(-settings.ActivityDays)).ToUnixTimeMilliseconds());
            var keys = await pass.DedupeKeys((startedAt - ingest.Value.DedupeWindow).ToUnixTimeMilliseconds());
            var notes = await pass.Repeat(PruneNotesSql, startedAt.AddDays(-settings.StatusEventDays).ToUnixTimeMilliseconds());
            // PostgreSQL's autovacuum reuses the freed space by itself.
            var pages = database.IsPostgres ? 0 : await pass.Vacuum();
            database.RestartWal();

            var report = new PruneReport(startedAt, clock.Elapsed, raw, status, hours, keys, notes, pages, pass.Batches, pass.Longest);
            Maintenance.Record(database, Maintenance.Prune, startedAt, JsonSerializer.Serialize(report), null);
            LogPruned(report.Rows, report.PagesFreed, report.Took.TotalSeconds);
            return report;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Maintenance.Record(database, Maintenance.Prune, startedAt, null, ex.Message);
            throw;
        }
        finally
        {
            _running.Release();
        }
    }

    private const string PruneCountsSql = """
        DELETE FROM message_counts WHERE (hour_start, phone) IN (
            SELECT hour_start, phone FROM message_counts WHERE hour_start < @cutoff ORDER BY hour_start LIMIT @batch)
        """;

    private const string PruneNotesSql = """
        DELETE FROM incident_notes WHERE id IN (SELECT id FROM incident_notes WHERE created_at < @cutoff LIMIT @batch)
        """;

    /// <summary>The state of a pass: its batches, each run on the writer's thread.</summary>
    private sealed class Pass(FleetWriter writer, int batch, CancellationToken cancellationToken)
    {
        private readonly int _batch = batch;

        public int Batches { get; private set; }
        public TimeSpan Longest { get; private set; }

        /// <summary>Raw message rows older than <paramref name="cutoff"/>, from the cursor up to the first one still kept.</summary>
        public async Task<long> RawMessages(long cutoff)
        {
            const string rowsSql = """
                SELECT id, CASE WHEN occurred_at < received_at THEN occurred_at ELSE received_at END AS at, (status IS NULL AND event_type LIKE 'message.%') AS raw
                FROM events WHERE id > @cursor ORDER BY id LIMIT @batch
                """;
            const string cursorSql = "UPDATE maintenance SET prune_cursor = @cursor WHERE task = 'prune'";
            long deleted = 0;
            var done = false;
            while (!done)
            {
                deleted += await Batch((connection, transaction) =>
                {
                    var cursor = connection.ExecuteScalar<long>("SELECT prune_cursor FROM maintenance WHERE task = 'prune'", transaction: transaction);
                    var rows = connection.Query<(long Id, long At, long Raw)>(rowsSql, new { cursor, batch = _batch }, transaction).ToList();
                    var expired = new List<long>();
                    done = rows.Count < _batch;
                    foreach (var row in rows)
                    {
                        if (row.Raw == 1 && row.At >= cutoff)
                        {
                            done = true; // the first message still kept: the rest arrived after it
                            break;
                        }
                        if (row.Raw == 1) expired.Add(row.Id);
                        cursor = row.Id;
                    }
                    connection.Execute(cursorSql, new { cursor }, transaction);
                    return Delete(connection, transaction, expired);
                });
            }
            return deleted;
        }

        /// <summary>Events of any kind older than <paramref name="cutoff"/>, from the front of the table.</summary>
        public async Task<long> OldEvents(long cutoff)
        {
            const string rowsSql = "SELECT id, CASE WHEN occurred_at < received_at THEN occurred_at ELSE received_at END AS at FROM events WHERE id > @after ORDER BY id LIMIT @batch";
            long deleted = 0, after = 0;
            var done = false;
            while (!done)
            {
                deleted += await Batch((connection, transaction) =>
                {
                    var rows = connection.Query<(long Id, long At)>(rowsSql, new { after, batch = _batch }, transaction).ToList();
                    var expired = rows.TakeWhile(r => r.At < cutoff).Select(r => r.Id).ToList();
                    done = expired.Count < _batch;
                    if (expired.Count > 0) after = expired[^1];
                    return Delete(connection, transaction, expired);
                });
            }
            return deleted;
        }

        /// <summary>Runs a <c>DELETE … LIMIT @batch</c> until it deletes less than a batch.</summary>
        public async Task<long> Repeat(string sql, long cutoff)
        {
            long deleted = 0;
            int last;
            do
            {
                last = await Batch((connection, transaction) => connection.Execute(sql, new { cutoff, batch = _batch }, transaction));
                deleted += last;
            }
            while (last == _batch);
            return deleted;
        }

        /// <summary>Keys first seen before <paramref name="cutoff"/>, one slice of the hash range at a time.</summary>
        public async Task<long> DedupeKeys(long cutoff)
        {
            const string sql = "DELETE FROM dedupe_keys WHERE hash BETWEEN @low AND @high AND seen_at < @cutoff";
            const long step = (long)(ulong.MaxValue / KeySlices);
            long deleted = 0;
            for (var slice = 0; slice < KeySlices; slice++)
            {
                var low = long.MinValue + slice * step;
                var high = slice == KeySlices - 1 ? long.MaxValue : low + step - 1;
                deleted += await Batch((connection, transaction) => connection.Execute(sql, new { low, high, cutoff }, transaction));
            }
            return deleted;
        }

        /// <summary>Hands free pages back to the file system, a step at a time.</summary>
        public async Task<long> Vacuum()
        {
            long freed = 0;
            int step;
            do
            {
                step = await Batch((connection, transaction) =>
                {
                    var free = connection.ExecuteScalar<long>("PRAGMA freelist_count", transaction: transaction);
                    var pages = (int)Math.Min(free, VacuumStep);
                    if (pages > 0) connection.Execute($"PRAGMA incremental_vacuum({pages})", transaction: transaction);
                    return pages;
                });
                freed += step;
            }
            while (step == VacuumStep);
            return freed;
        }

        private static int Delete(DbConnection connection, DbTransaction transaction, List<long> ids)
        {
            if (ids.Count == 0) return 0;
            const string sql = "DELETE FROM events WHERE id IN (SELECT CAST(value AS BIGINT) FROM json_each(@ids))";
            return connection.Execute(sql, new { ids = JsonSerializer.Serialize(ids) }, transaction);
        }

        /// <summary>Runs one batch on the writer, waiting for room in its queue when deliveries fill it.</summary>
        private async Task<int> Batch(Func<DbConnection, DbTransaction, int> work)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var started = Stopwatch.GetTimestamp();
                var queued = writer.TryRun((connection, transaction) =>
                {
                    started = Stopwatch.GetTimestamp();
                    return (work(connection, transaction), (IReadOnlyList<NumberView>)[]);
                });
                if (queued is null)
                {
                    await Task.Delay(50, cancellationToken); // deliveries first: pruning can wait
                    continue;
                }
                var result = await queued;
                var took = Stopwatch.GetElapsedTime(started);
                Batches++;
                if (took > Longest) Longest = took;
                return result;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Rows} rows and freed {Pages} pages in {Seconds:F1} s.")]
    private partial void LogPruned(long rows, long pages, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "A prune pass failed; the next one tries again.")]
    private partial void LogPruneFailed(Exception ex);
}
