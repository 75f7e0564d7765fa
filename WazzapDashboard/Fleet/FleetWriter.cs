using System.Diagnostics;
using System.Threading.Channels;
using Dapper;
using System.Data.Common;
using Microsoft.Extensions.Options;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Fleet;

public enum WriteResult { Stored, Duplicate }

/// <summary>Section <c>Ingest</c>: the writer's queue and batch sizes.</summary>
public sealed class IngestOptions
{
    /// <summary>Deliveries waiting for the writer; beyond this, webhooks are answered 503 with Retry-After.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Most deliveries committed in one transaction.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>How far ahead of its receipt an event time is believed; beyond it the event counts at its receipt.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan FutureTolerance { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>
    /// How long a delivery's id is remembered: a replay within this time of the first delivery is a
    /// duplicate, a later one is stored again. Above Wazzapi's 24 hours of retries.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromHours(72);
}

/// <summary>
/// The single writer. Callers queue events and await their commit; the writer drains whatever is
/// waiting into one transaction (group commit), so durability costs one fsync per batch, not per delivery.
/// A full queue refuses at once rather than acknowledging anything it has not committed.
/// Roster edits and risk passes queue here too (<see cref="TryRun{T}"/>): everything that changes what
/// the pages show commits and publishes on this one thread, so the change feed never delivers an older
/// view of a number after a newer one.
/// </summary>
public sealed partial class FleetWriter : BackgroundService
{
    private readonly Channel<Work> _queue;
    private readonly Database _database;
    private readonly ChangeFeed _feed;
    private readonly StorageHealth _storage;
    private readonly TimeProvider _time;
    private readonly FleetOptions _fleet;
    private readonly int _maxBatch;
    private readonly TimeSpan _futureTolerance;
    private readonly FleetMetrics _metrics;
    private readonly TimeSpan _dedupeWindow;
    private readonly ILogger<FleetWriter> _logger;

    public FleetWriter(Database database, ChangeFeed feed, StorageHealth storage, TimeProvider time, IOptions<FleetOptions> fleet,
        IOptions<IngestOptions> ingest, FleetMetrics metrics, ILogger<FleetWriter> logger)
    {
        _storage = storage;
        QueueCapacity = ingest.Value.QueueCapacity;
        _queue = Channel.CreateBounded<Work>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true });
        _database = database;
        _feed = feed;
        _time = time;
        _fleet = fleet.Value;
        _maxBatch = ingest.Value.MaxBatchSize;
        _futureTolerance = ingest.Value.FutureTolerance;
        _metrics = metrics;
        _dedupeWindow = ingest.Value.DedupeWindow;
        _logger = logger;
        metrics.Meter.CreateObservableGauge("wazzapdashboard.ingest.queue_depth", () => QueueDepth, null,
            "Deliveries and commands waiting for the writer.");
    }

    public int QueueCapacity { get; }

    public int QueueDepth => _queue.Reader.Count;

    /// <summary>False before the writer starts and once it has stopped or died.</summary>
    public bool IsRunning => ExecuteTask is { IsCompleted: false };

    /// <summary>Queues <paramref name="e"/>; null when the queue is full or the app is stopping.</summary>
    public Task<WriteResult>? TrySubmit(FleetEvent e)
    {
        var pending = new Pending(e.WithinTolerance(_futureTolerance));
        return _queue.Writer.TryWrite(pending) ? pending.Done.Task : null;
    }

    /// <summary>
    /// Queues <paramref name="work"/> to run on the writer's thread, in order with deliveries and in a
    /// transaction of its own: it commits or rolls back whole. The views it returns are published once it
    /// has committed. Null when the queue is full or the app is stopping.
    /// </summary>
    public Task<T>? TryRun<T>(Func<DbConnection, DbTransaction, (T Result, IReadOnlyList<NumberView> Changes)> work)
    {
        T result = default!;
        var command = new Command((connection, transaction) =>
        {
            (result, var changes) = work(connection, transaction);
            return changes;
        });
        return _queue.Writer.TryWrite(command) ? Completed(command.Done.Task) : null;

        async Task<T> Completed(Task done)
        {
            await done;
            return result;
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // Refuse new work, then let ExecuteAsync commit what is already queued.
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            try
            {
                using var connection = _database.OpenWriter();
                using var statements = new Statements(connection, _dedupeWindow);
                await Drain(connection, statements);
                return;
            }
            catch (Exception ex) when (StorageHealth.IsStorageFailure(ex))
            {
                // The database cannot even be opened: what waits fails (503, the senders retry) rather than
                // spinning on it; the next work tries again.
                _storage.Failed(ex);
                while (_queue.Reader.TryRead(out var waiting)) waiting.Fail(ex);
            }
        }
    }

    /// <summary>Commits what is queued, batch by batch, until the queue completes.</summary>
    private async Task Drain(DbConnection connection, Statements statements)
    {
        var batch = new List<Pending>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var work))
            {
                if (work is Pending pending)
                {
                    batch.Add(pending);
                    continue;
                }
                // Deliveries queued before the command commit before it.
                Commit(connection, statements, batch);
                batch.Clear();
                Run(connection, (Command)work);
            }
            Commit(connection, statements, batch);
            batch.Clear();
            // Readers that overlap without a break (pages, scripts, passes) keep the automatic checkpoints
            // from ever letting the WAL start over, and it would grow with every write.
            if (_database.WalSize() > _database.WalLimit) _database.RestartWal();
        }
    }

    private void Run(DbConnection connection, Command command)
    {
        IReadOnlyList<NumberView> changes;
        try
        {
            using var transaction = _database.BeginWrite(connection);
            changes = command.Execute(connection, transaction);
            transaction.Commit();
        }
        catch (Exception ex)
        {
            if (StorageHealth.IsStorageFailure(ex)) _storage.Failed(ex); else LogCommandFailed(ex);
            command.Done.TrySetException(ex);
            return;
        }
        // Published before it is answered: whoever sees the answer can count on the feed having it.
        _feed.Publish(changes);
        command.Done.TrySetResult();
    }

    private void Commit(DbConnection connection, Statements statements, List<Pending> batch)
    {
        if (batch.Count == 0) return;
        var changed = new Dictionary<string, NumberState>();
        var results = new WriteResult[batch.Count];
        var started = Stopwatch.GetTimestamp();
        try
        {
            using (var transaction = _database.BeginWrite(connection))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    results[i] = Apply(connection, transaction, statements, batch[i].Event, changed);
                }
                transaction.Commit();
            }
            _metrics.Committed(Stopwatch.GetElapsedTime(started));
        }
        catch (Exception ex) when (batch.Count > 1 && !StorageHealth.IsStorageFailure(ex))
        {
            // One bad delivery must not fail its neighbours: retry them one transaction each.
            LogBatchFailed(batch.Count, ex);
            foreach (var pending in batch) Commit(connection, statements, [pending]);
            return;
        }
        catch (Exception ex) when (StorageHealth.IsStorageFailure(ex))
        {
            // Disk full, I/O error, read-only file: the whole batch fails (503, nothing acknowledged), logged once
            // per episode; SQLite has rolled back and the connection serves the next batch.
            _storage.Failed(ex);
            foreach (var pending in batch) pending.Done.TrySetException(ex);
            return;
        }
        catch (Exception ex)
        {
            LogWriteFailed(ex);
            batch[0].Done.TrySetException(ex);
            return;
        }

        if (results.Contains(WriteResult.Stored)) _storage.Succeeded();
        if (changed.Count > 0)
        {
            var now = _time.GetUtcNow();
            _feed.Publish(changed.Values.Select(s => NumberView.From(s, now, _fleet)).ToList());
        }
        for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
    }

    private static WriteResult Apply(DbConnection connection, DbTransaction transaction, Statements statements,
        FleetEvent e, Dictionary<string, NumberState> changed)
    {
        var phone = e.Phone ?? ResolveAccount(connection, transaction, e.AccountId);
        var outcome = StatusRules.Outcome(e.EventType, e.Reason);

        if (!statements.Remember(transaction, e)) return WriteResult.Duplicate;
        statements.InsertEvent(transaction, e, phone, outcome);
        if (phone is null) return WriteResult.Stored; // kept in history until the account id is matched
        if (MessageCounts.Kind(e.EventType) is { } kind) statements.Count(transaction, phone, e.OccurredAt, kind);

        var current = changed.GetValueOrDefault(phone) ?? statements.Load(transaction, phone) ?? new NumberState(phone);
        var next = StatusRules.Apply(current, e with { Phone = phone }, outcome);
        if (e.Phone is not null && e.AccountId is not null && e.AccountId != current.AccountId)
        {
            next = AdoptOrphans(connection, transaction, next, e.AccountId);
        }
        if (next != current)
        {
            statements.Save(transaction, next);
            changed[phone] = next;
        }
        return WriteResult.Stored;
    }

    /// <summary>The number a legacy account id was last seen with.</summary>
    private static string? ResolveAccount(DbConnection connection, DbTransaction transaction, string? accountId)
    {
        if (accountId is null) return null;
        const string sql = "SELECT phone FROM numbers WHERE account_id = @accountId ORDER BY last_event_at DESC LIMIT 1";
        return connection.QueryFirstOrDefault<string>(sql, new { accountId }, transaction);
    }

    /// <summary>Legacy events that arrived before their account id was linked to a phone now join that number.</summary>
    private static NumberState AdoptOrphans(DbConnection connection, DbTransaction transaction, NumberState state, string accountId)
    {
        const string sql = """
            UPDATE events SET phone = @phone
            WHERE phone IS NULL AND account_id = @accountId
            RETURNING dedupe_key, source, event_type, reason, occurred_at, received_at
            """;
        var orphans = connection.Query<(string DedupeKey, string Source, string EventType, string? Reason, long OccurredAt, long ReceivedAt)>(
            sql, new { phone = state.Phone, accountId }, transaction);
        foreach (var o in orphans.OrderBy(o => o.OccurredAt))
        {
            if (MessageCounts.Kind(o.EventType) is { } kind) Count(connection, transaction, state.Phone, DateTimeOffset.FromUnixTimeMilliseconds(o.OccurredAt), kind);
            state = StatusRules.Apply(state, new FleetEvent(o.Source, o.DedupeKey, null, o.EventType, state.Phone, null, accountId, null,
                o.Reason, DateTimeOffset.FromUnixTimeMilliseconds(o.OccurredAt), DateTimeOffset.FromUnixTimeMilliseconds(o.ReceivedAt), ""));
        }
        return state;
    }

    /// <summary>With its acknowledgement, so the views this writer publishes keep showing who is on it.</summary>
    private const string LoadSql = $"{NumberRow.Select} WHERE n.phone = @Phone";

    /// <summary>Saves the status columns only: the roster's columns belong to roster actions.</summary>
    private const string SaveSql = $"""
        INSERT INTO numbers ({NumberRow.StatusColumns})
        VALUES (@Phone, @Country, @AccountName, @AccountId, @Status, @Reason, @ReasonCategory,
                @StateEventAt, @StatusChangedAt, @LastEventAt, @PhoneLastSeenAt, @SilentSince)
        ON CONFLICT (phone) DO UPDATE SET
            country = excluded.country, account_name = excluded.account_name, account_id = excluded.account_id,
            status = excluded.status, reason = excluded.reason, reason_category = excluded.reason_category,
            state_event_at = excluded.state_event_at, status_changed_at = excluded.status_changed_at,
            last_event_at = excluded.last_event_at, phone_last_seen_at = excluded.phone_last_seen_at,
            silent_since = excluded.silent_since
        """;

    private const string InsertEventSql = """
        INSERT INTO events (dedupe_key, attempt_id, source, event_type, phone, account_id, status, reason,
                            reason_category, occurred_at, received_at, payload, actor, claimed_at)
        VALUES (@DedupeKey, @AttemptId, @Source, @EventType, @Phone, @AccountId, @Status, @Reason,
                @Category, @OccurredAt, @ReceivedAt, @Payload, @Actor, @ClaimedAt)
        """;

    /// <summary>
    /// Remembers a dedupe key; changes nothing (a duplicate) when it was first seen within the window.
    /// A key older than the window, not yet pruned, is taken as new, so the window's edge does not
    /// depend on when the pruner last ran.
    /// </summary>
    private const string RememberSql = """
        INSERT INTO dedupe_keys (hash, seen_at) VALUES (@Hash, @SeenAt)
        ON CONFLICT (hash) DO UPDATE SET seen_at = excluded.seen_at WHERE dedupe_keys.seen_at < @Expired
        """;

    private const string CountSql = """
        INSERT INTO message_counts (hour_start, phone, sent, delivered, read, received, failed)
        VALUES (@HourStart, @Phone, @Sent, @Delivered, @Read, @Received, @Failed)
        ON CONFLICT (hour_start, phone) DO UPDATE SET
            sent = message_counts.sent + excluded.sent, delivered = message_counts.delivered + excluded.delivered,
            read = message_counts.read + excluded.read, received = message_counts.received + excluded.received,
            failed = message_counts.failed + excluded.failed
        """;

    private static object?[] CountValues(string phone, DateTimeOffset occurredAt, MessageKind kind) =>
    [
        MessageCounts.HourStart(occurredAt).ToUnixTimeMilliseconds(), phone,
        kind == MessageKind.Sent ? 1 : 0, kind == MessageKind.Delivered ? 1 : 0, kind == MessageKind.Read ? 1 : 0,
        kind == MessageKind.Received ? 1 : 0, kind == MessageKind.Failed ? 1 : 0,
    ];

    private static readonly string[] CountNames = ["HourStart", "Phone", "Sent", "Delivered", "Read", "Received", "Failed"];

    private static void Count(DbConnection connection, DbTransaction transaction, string phone, DateTimeOffset occurredAt, MessageKind kind)
    {
        var values = CountValues(phone, occurredAt, kind);
        connection.Execute(CountSql, new DynamicParameters(CountNames.Zip(values).ToDictionary(p => p.First, p => p.Second)), transaction);
    }

    internal static NumberState? Load(DbConnection connection, DbTransaction? transaction, string phone) =>
        connection.QuerySingleOrDefault<NumberRow>(LoadSql, new { Phone = phone }, transaction)?.ToState();

    internal static void Save(DbConnection connection, DbTransaction? transaction, NumberState state) =>
        connection.Execute(SaveSql, NumberRow.From(state), transaction);

    /// <summary>
    /// The statements every delivery runs, prepared once on the writer's connection. A fresh command per
    /// delivery (as Dapper makes) re-prepares its SQL each time, which costs about as much as running it.
    /// </summary>
    private sealed class Statements(DbConnection connection, TimeSpan dedupeWindow) : IDisposable
    {
        private readonly DbCommand _remember = Prepare(connection, RememberSql, "Hash", "SeenAt", "Expired");
        private readonly DbCommand _count = Prepare(connection, CountSql, CountNames);
        private readonly DbCommand _insertEvent = Prepare(connection, InsertEventSql,
            "DedupeKey", "AttemptId", "Source", "EventType", "Phone", "AccountId", "Status", "Reason",
            "Category", "OccurredAt", "ReceivedAt", "Payload", "Actor", "ClaimedAt");
        private readonly DbCommand _load = Prepare(connection, LoadSql, "Phone");
        private readonly DbCommand _save = Prepare(connection, SaveSql,
            "Phone", "Country", "AccountName", "AccountId", "Status", "Reason", "ReasonCategory",
            "StateEventAt", "StatusChangedAt", "LastEventAt", "PhoneLastSeenAt", "SilentSince");

        /// <summary>False when the delivery's dedupe key was first seen within the window before it.</summary>
        public bool Remember(DbTransaction transaction, FleetEvent e)
        {
            var seenAt = e.ReceivedAt.ToUnixTimeMilliseconds();
            return Run(_remember, transaction, KeyHash.Of(e.DedupeKey), seenAt, seenAt - (long)dedupeWindow.TotalMilliseconds)
                .ExecuteNonQuery() > 0;
        }

        public void InsertEvent(DbTransaction transaction, FleetEvent e, string? phone, EventOutcome outcome) =>
            Run(_insertEvent, transaction, e.DedupeKey, e.AttemptId, e.Source, e.EventType, phone, e.AccountId,
                outcome.Status?.ToWire(), e.Reason, outcome.Category?.ToWire(), e.OccurredAt.ToUnixTimeMilliseconds(),
                e.ReceivedAt.ToUnixTimeMilliseconds(), e.Payload, e.Actor, e.ClaimedAt?.ToUnixTimeMilliseconds()).ExecuteNonQuery();

        public void Count(DbTransaction transaction, string phone, DateTimeOffset occurredAt, MessageKind kind) =>
            Run(_count, transaction, CountValues(phone, occurredAt, kind)).ExecuteNonQuery();

        public NumberState? Load(DbTransaction transaction, string phone)
        {
            using var reader = Run(_load, transaction, phone).ExecuteReader();
            return reader.Parse<NumberRow>().SingleOrDefault()?.ToState();
        }

        public void Save(DbTransaction transaction, NumberState state)
        {
            var row = NumberRow.From(state);
            Run(_save, transaction, row.Phone, row.Country, row.AccountName, row.AccountId, row.Status, row.Reason,
                row.ReasonCategory, row.StateEventAt, row.StatusChangedAt, row.LastEventAt, row.PhoneLastSeenAt, row.SilentSince).ExecuteNonQuery();
        }

        private static DbCommand Prepare(DbConnection connection, string sql, params string[] names)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in names)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@" + name;
                command.Parameters.Add(parameter);
            }
            return command;
        }

        private static DbCommand Run(DbCommand command, DbTransaction transaction, params object?[] values)
        {
            command.Transaction = transaction;
            for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
            return command;
        }

        public void Dispose()
        {
            _remember.Dispose();
            _count.Dispose();
            _insertEvent.Dispose();
            _load.Dispose();
            _save.Dispose();
        }
    }

    private abstract class Work
    {
        public abstract void Fail(Exception ex);
    }

    private sealed class Pending(FleetEvent e) : Work
    {
        public FleetEvent Event { get; } = e;
        public TaskCompletionSource<WriteResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public override void Fail(Exception ex) => Done.TrySetException(ex);
    }

    private sealed class Command(Func<DbConnection, DbTransaction, IReadOnlyList<NumberView>> execute) : Work
    {
        public Func<DbConnection, DbTransaction, IReadOnlyList<NumberView>> Execute { get; } = execute;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public override void Fail(Exception ex) => Done.TrySetException(ex);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} deliveries failed to commit; retrying them one by one.")]
    private partial void LogBatchFailed(int count, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "A delivery failed to commit.")]
    private partial void LogWriteFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "A roster or risk command failed and was rolled back.")]
    private partial void LogCommandFailed(Exception ex);
}
