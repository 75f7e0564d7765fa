using Dapper;
using System.Data.Common;
using WazzapDashboard.Fleet;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Alerts;

/// <summary>A message in the outbox, as the sender and the alerts page see it.</summary>
public sealed record OutboxEntry(
    long Id,
    string Channel,
    string Kind,
    string Title,
    string Text,
    string Body,
    int Numbers,
    DateTimeOffset CreatedAt,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    string? LastError,
    DateTimeOffset? SentAt,
    DateTimeOffset? GaveUpAt)
{
    public string DeliveryId => $"alert-{Id}";

    public OutboxState State => SentAt is not null ? OutboxState.Sent
        : GaveUpAt is not null ? OutboxState.GaveUp
        : Attempts > 0 ? OutboxState.Retrying
        : OutboxState.Waiting;
}

public enum OutboxState { Waiting, Retrying, GaveUp, Sent }

public sealed record OutboxCounts(int Waiting, int Retrying, int GaveUp, int SentToday, int Held);

/// <summary>
/// The alerts outbox in SQLite. Every attempt's outcome is written before the next is made, so the
/// attempt count, the next attempt time and the last error survive a restart.
/// </summary>
public sealed class Outbox(Database database)
{
    private const string Columns = """
        id, channel, kind, title, text, body, numbers, created_at, attempts, next_attempt_at, last_attempt_at,
        last_error, sent_at, gave_up_at
        """;

    public static void Enqueue(DbConnection connection, DbTransaction transaction, string channel, AlertMessage message, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO alert_outbox (channel, kind, title, text, body, numbers, created_at, next_attempt_at)
            VALUES (@channel, @Kind, @Title, @Text, @Body, @Numbers, @now, @now)
            """;
        connection.Execute(sql, new { channel, message.Kind, message.Title, message.Text, message.Body, message.Numbers, now = now.ToUnixTimeMilliseconds() }, transaction);
    }

    /// <summary>Undelivered messages whose next attempt is due, oldest first.</summary>
    public IReadOnlyList<OutboxEntry> Due(DateTimeOffset now, int limit)
    {
        const string sql = $"""
            SELECT {Columns} FROM alert_outbox
            WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= @now
            ORDER BY id LIMIT @limit
            """;
        using var connection = database.Open();
        return connection.Query<OutboxRow>(sql, new { now = now.ToUnixTimeMilliseconds(), limit }).Select(r => r.ToEntry()).ToList();
    }

    public void MarkSent(long id, DateTimeOffset now)
    {
        const string sql = """
            UPDATE alert_outbox SET sent_at = @now, last_attempt_at = @now, attempts = attempts + 1, gave_up_at = NULL
            WHERE id = @id
            """;
        using var connection = database.Open();
        connection.Execute(sql, new { id, now = now.ToUnixTimeMilliseconds() });
    }

    /// <summary>
    /// Records a failed attempt. The channel's other waiting messages wait as long, so a dead
    /// endpoint costs one attempt per backoff step, not one per message.
    /// </summary>
    public void MarkFailed(OutboxEntry entry, string error, DateTimeOffset now, DateTimeOffset nextAttemptAt, bool giveUp)
    {
        const string sql = """
            UPDATE alert_outbox
            SET attempts = attempts + 1, last_attempt_at = @now, last_error = @error, next_attempt_at = @next,
                gave_up_at = CASE WHEN @giveUp THEN @now END
            WHERE id = @Id;
            UPDATE alert_outbox SET next_attempt_at = CASE WHEN next_attempt_at > @next THEN next_attempt_at ELSE @next END
            WHERE channel = @Channel AND sent_at IS NULL AND gave_up_at IS NULL AND id <> @Id;
            """;
        using var connection = database.Open();
        connection.Execute(sql, new
        {
            entry.Id, entry.Channel, error, giveUp,
            now = now.ToUnixTimeMilliseconds(),
            next = nextAttemptAt.ToUnixTimeMilliseconds(),
        });
    }

    public void GiveUp(long id, string error, DateTimeOffset now)
    {
        const string sql = "UPDATE alert_outbox SET gave_up_at = @now, last_error = @error WHERE id = @id AND sent_at IS NULL";
        using var connection = database.Open();
        connection.Execute(sql, new { id, error, now = now.ToUnixTimeMilliseconds() });
    }

    /// <summary>"Retry now" on the page: due at once, given up or not.</summary>
    public void RetryNow(long id, DateTimeOffset now)
    {
        const string sql = "UPDATE alert_outbox SET next_attempt_at = @now, gave_up_at = NULL WHERE id = @id AND sent_at IS NULL";
        using var connection = database.Open();
        connection.Execute(sql, new { id, now = now.ToUnixTimeMilliseconds() });
    }

    public void Delete(long id)
    {
        const string sql = "DELETE FROM alert_outbox WHERE id = @id";
        using var connection = database.Open();
        connection.Execute(sql, new { id });
    }

    /// <summary>Undelivered messages first (newest first), then the latest delivered ones.</summary>
    public IReadOnlyList<OutboxEntry> Recent(int limit)
    {
        const string sql = $"""
            SELECT {Columns} FROM alert_outbox
            ORDER BY sent_at IS NULL DESC, id DESC
            LIMIT @limit
            """;
        using var connection = database.Open();
        return connection.Query<OutboxRow>(sql, new { limit }).Select(r => r.ToEntry()).ToList();
    }

    public OutboxCounts Counts(DateTimeOffset now)
    {
        const string sql = """
            SELECT
                (SELECT count(*) FROM alert_outbox WHERE sent_at IS NULL AND gave_up_at IS NULL AND attempts = 0) AS waiting,
                (SELECT count(*) FROM alert_outbox WHERE sent_at IS NULL AND gave_up_at IS NULL AND attempts > 0) AS retrying,
                (SELECT count(*) FROM alert_outbox WHERE sent_at IS NULL AND gave_up_at IS NOT NULL) AS gave_up,
                (SELECT count(*) FROM alert_outbox WHERE sent_at >= @dayAgo) AS sent_today,
                (SELECT count(*) FROM alert_pending) AS held
            """;
        using var connection = database.Open();
        var row = connection.QuerySingle<(long Waiting, long Retrying, long GaveUp, long SentToday, long Held)>(
            sql, new { dayAgo = (now - TimeSpan.FromDays(1)).ToUnixTimeMilliseconds() });
        return new OutboxCounts((int)row.Waiting, (int)row.Retrying, (int)row.GaveUp, (int)row.SentToday, (int)row.Held);
    }

    /// <summary>Delivered messages older than <paramref name="keep"/> go; undelivered ones stay until someone deals with them.</summary>
    public void Prune(DateTimeOffset now, TimeSpan keep)
    {
        const string sql = "DELETE FROM alert_outbox WHERE sent_at < @cutoff";
        using var connection = database.Open();
        connection.Execute(sql, new { cutoff = (now - keep).ToUnixTimeMilliseconds() });
    }

    private sealed class OutboxRow
    {
        public long Id { get; init; }
        public required string Channel { get; init; }
        public required string Kind { get; init; }
        public required string Title { get; init; }
        public required string Text { get; init; }
        public required string Body { get; init; }
        public long Numbers { get; init; }
        public long CreatedAt { get; init; }
        public long Attempts { get; init; }
        public long NextAttemptAt { get; init; }
        public long? LastAttemptAt { get; init; }
        public string? LastError { get; init; }
        public long? SentAt { get; init; }
        public long? GaveUpAt { get; init; }

        public OutboxEntry ToEntry() => new(Id, Channel, Kind, Title, Text, Body, (int)Numbers,
            Time.FromMs(CreatedAt)!.Value, (int)Attempts, Time.FromMs(NextAttemptAt)!.Value, Time.FromMs(LastAttemptAt),
            LastError, Time.FromMs(SentAt), Time.FromMs(GaveUpAt));
    }
}
