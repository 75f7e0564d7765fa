using System.Text.Encodings.Web;
using System.Text.Json;
using Dapper;
using System.Data.Common;
using WazzapDashboard.Fleet;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Alerts;

/// <summary>A stored gateway event waiting for a relay; <see cref="EventId"/> is null when its history was purged since.</summary>
public sealed record RelayItem
{
    public long Seq { get; init; }
    public long? EventId { get; init; }
    public string? Source { get; init; }
    public string? EventType { get; init; }
    public string? Phone { get; init; }
    public string? AccountId { get; init; }
    public string? Status { get; init; }
    public string? Reason { get; init; }
    public string? ReasonCategory { get; init; }
    public long OccurredAt { get; init; }
    public long ReceivedAt { get; init; }
    public string? Payload { get; init; }
}

/// <summary>A relaying channel's position and retry state, for the sender and the page.</summary>
public sealed record RelayCursor(string Channel, long LastSeq, int Attempts, DateTimeOffset NextAttemptAt,
    DateTimeOffset? LastAttemptAt, string? LastError, DateTimeOffset? LastSentAt, long Backlog);

/// <summary>
/// Relays read <c>relay_queue</c>, which a trigger fills in the same transaction that stores each
/// gateway event (see migration 004), so nothing acknowledged is ever missed. Each relaying channel
/// keeps its own cursor; rows every cursor has passed are pruned. Delivery is at least once.
/// </summary>
public sealed class RelayQueue(Database database)
{
    public const string EventKind = "event";

    /// <summary>Plain "+6281…" and non-ASCII text for people reading the body; HTML escaping is no concern of a JSON body.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Drops queued events every relay has passed (all of them when nothing relays).</summary>
    private const string PruneSql = "DELETE FROM relay_queue WHERE seq <= coalesce((SELECT min(last_seq) FROM alert_relays), 9223372036854775807)";

    /// <summary>Gives each relaying channel a cursor (new ones start at the newest event) and drops the others'.</summary>
    public static void Sync(DbConnection connection, DbTransaction? transaction, IEnumerable<string> relayChannels)
    {
        const string sql = $"""
            DELETE FROM alert_relays WHERE channel NOT IN (SELECT value FROM json_each(@names));
            INSERT INTO alert_relays (channel, last_seq)
            SELECT value, (SELECT coalesce(max(seq), 0) FROM relay_queue) FROM json_each(@names) WHERE true
            ON CONFLICT (channel) DO NOTHING;
            {PruneSql};
            """;
        connection.Execute(sql, new { names = JsonSerializer.Serialize(relayChannels) }, transaction);
    }

    public void Sync(IEnumerable<string> relayChannels)
    {
        using var connection = database.Open();
        Sync(connection, null, relayChannels);
    }

    /// <summary>Drops queued events every relay has passed (all of them when nothing relays).</summary>
    public void Prune()
    {
        using var connection = database.Open();
        connection.Execute(PruneSql);
    }

    /// <param name="withBacklog">Count each relay's waiting events (for the page); the count grows with the backlog.</param>
    public IReadOnlyList<RelayCursor> Cursors(bool withBacklog = true)
    {
        var backlog = withBacklog ? "(SELECT count(*) FROM relay_queue q WHERE q.seq > r.last_seq)" : "0";
        var sql = $"""
            SELECT channel, last_seq, attempts, next_attempt_at, last_attempt_at, last_error, last_sent_at,
                   {backlog} AS backlog
            FROM alert_relays r ORDER BY channel
            """;
        using var connection = database.Open();
        return connection.Query<CursorRow>(sql).Select(r => new RelayCursor(r.Channel, r.LastSeq, (int)r.Attempts,
            Time.FromMs(r.NextAttemptAt)!.Value, Time.FromMs(r.LastAttemptAt), r.LastError, Time.FromMs(r.LastSentAt), r.Backlog)).ToList();
    }

    public IReadOnlyList<RelayItem> After(long seq, int limit)
    {
        const string sql = """
            SELECT q.seq, e.id AS event_id, e.source, e.event_type, e.phone, e.account_id, e.status, e.reason,
                   e.reason_category, coalesce(e.occurred_at, 0) AS occurred_at, coalesce(e.received_at, 0) AS received_at, e.payload
            FROM relay_queue q LEFT JOIN events e ON e.id = q.event_id
            WHERE q.seq > @seq
            ORDER BY q.seq
            LIMIT @limit
            """;
        using var connection = database.Open();
        return connection.Query<RelayItem>(sql, new { seq, limit }).ToList();
    }

    /// <summary>Records progress, and the failure that stopped it if any (attempts and the next attempt survive a restart).</summary>
    public void Record(string channel, long lastSeq, bool sentAny, string? error, DateTimeOffset now, DateTimeOffset? nextAttemptAt)
    {
        const string sql = """
            UPDATE alert_relays
            SET last_seq = CASE WHEN last_seq > @lastSeq THEN last_seq ELSE @lastSeq END,
                last_sent_at = CASE WHEN @sentAny THEN @now ELSE last_sent_at END,
                attempts = CASE WHEN @error IS NULL THEN 0 ELSE attempts + 1 END,
                last_attempt_at = @now,
                last_error = CASE WHEN @error IS NULL AND @sentAny THEN NULL ELSE coalesce(@error, last_error) END,
                next_attempt_at = coalesce(@next, 0)
            WHERE channel = @channel
            """;
        using var connection = database.Open();
        connection.Execute(sql, new
        {
            channel, lastSeq, sentAny, error,
            now = now.ToUnixTimeMilliseconds(),
            next = nextAttemptAt?.ToUnixTimeMilliseconds(),
        });
    }

    /// <summary>"Skip backlog" on the page: the relay resumes from the newest event.</summary>
    public void SkipBacklog(string channel)
    {
        const string sql = """
            UPDATE alert_relays SET last_seq = (SELECT coalesce(max(seq), 0) FROM relay_queue), attempts = 0, next_attempt_at = 0
            WHERE channel = @channel
            """;
        using var connection = database.Open();
        connection.Execute(sql, new { channel });
    }

    /// <summary>
    /// The body a relay posts: the event normalised (E.164 phone, status, reason category, client, event
    /// time) with the gateway's original payload inside.
    /// </summary>
    public static string Body(RelayItem item, NumberView? number)
    {
        JsonElement? payload = null;
        if (item.Payload is { Length: > 0 } raw)
        {
            try { payload = JsonDocument.Parse(raw).RootElement; }
            catch (JsonException) { payload = JsonSerializer.SerializeToElement(raw); }
        }
        return JsonSerializer.Serialize(new
        {
            type = EventKind,
            id = item.EventId,
            source = item.Source,
            eventType = item.EventType,
            phone = item.Phone,
            country = number?.Country,
            accountName = number?.AccountName,
            accountId = item.AccountId,
            client = number?.Client,
            status = item.Status,
            reason = item.Reason,
            reasonCategory = item.ReasonCategory,
            occurredAt = DateTimeOffset.FromUnixTimeMilliseconds(item.OccurredAt),
            receivedAt = DateTimeOffset.FromUnixTimeMilliseconds(item.ReceivedAt),
            payload,
        }, Json);
    }

    private sealed class CursorRow
    {
        public required string Channel { get; init; }
        public long LastSeq { get; init; }
        public long Attempts { get; init; }
        public long NextAttemptAt { get; init; }
        public long? LastAttemptAt { get; init; }
        public string? LastError { get; init; }
        public long? LastSentAt { get; init; }
        public long Backlog { get; init; }
    }
}
