using Dapper;
using Microsoft.Extensions.Options;
using WazzapDashboard.Fleet;
using WazzapDashboard.Storage;

namespace WazzapDashboard.History;

/// <summary>
/// A row of a number's timeline: a stored event, or an hour of message activity read from the counters
/// (for hours whose raw message rows are past <c>History:RawPayloadDays</c>). Activity rows have id 0,
/// so (<see cref="At"/>, <see cref="Id"/>) orders and pages every row.
/// </summary>
public sealed record TimelineEntry(DateTimeOffset At, long Id, EventView? Event, MessageActivity? Activity);

/// <summary>The number page's timeline: raw events while they are kept, hourly counters after.</summary>
public sealed class TimelineQueries(Database database, TimeProvider time, IOptions<HistoryOptions> options)
{
    private const string EventColumns = """
        SELECT occurred_at AS at, occurred_at, id, event_type, received_at, source, status, reason, reason_category, actor, claimed_at,
               CAST(NULL AS BIGINT) AS sent, CAST(NULL AS BIGINT) AS delivered, CAST(NULL AS BIGINT) AS read,
               CAST(NULL AS BIGINT) AS received, CAST(NULL AS BIGINT) AS failed
        FROM events
        WHERE phone = @phone AND (occurred_at, id) < (@at, @id)
        """;

    private const string CountColumns = """
        SELECT hour_start AS at, hour_start AS occurred_at, 0 AS id, NULL AS event_type, CAST(NULL AS BIGINT) AS received_at, NULL AS source,
               NULL AS status, NULL AS reason, NULL AS reason_category, NULL AS actor, CAST(NULL AS BIGINT) AS claimed_at,
               sent, delivered, read, received, failed
        FROM message_counts
        WHERE phone = @phone AND hour_start < @cutoff AND (hour_start, 0) < (@at, @id)
        """;

    private const string NewestFirst = " ORDER BY at DESC, id DESC LIMIT @limit";

    /// <summary>Events, with message rows only while raw; counters for the hours before.</summary>
    internal const string AllSql = $"""
        SELECT * FROM ({EventColumns}
            AND (occurred_at >= @cutoff OR status IS NOT NULL OR event_type NOT LIKE 'message.%')
            ORDER BY occurred_at DESC, id DESC LIMIT @limit) AS stored
        UNION ALL
        SELECT * FROM ({CountColumns} ORDER BY hour_start DESC LIMIT @limit) AS counted
        {NewestFirst}
        """;

    /// <param name="type">An event type, <see cref="StatusChanges"/>, or null for everything.</param>
    /// <param name="before">The last row of the page before, to page back from.</param>
    public IReadOnlyList<TimelineEntry> Page(string phone, int limit, string? type = null, (DateTimeOffset At, long Id)? before = null)
    {
        var sql = type switch
        {
            null => AllSql,
            StatusChanges => FleetQueries.StatusEventsSql,
            _ when MessageCounts.Kind(type) is { } kind => MessageKindSql(kind),
            _ when MessageCounts.IsMessage(type) => FleetQueries.EventsOfMessageTypeSql,
            _ => FleetQueries.EventsOfTypeSql,
        };
        var cursor = before is { } b ? (At: b.At.ToUnixTimeMilliseconds(), b.Id) : (At: long.MaxValue, Id: long.MaxValue);
        var now = time.GetUtcNow();
        using var connection = database.Open();
        var rows = connection.Query<Row>(sql, new
        {
            phone, eventType = type, at = cursor.At, id = cursor.Id, limit,
            cutoff = options.Value.RawCutoff(now).ToUnixTimeMilliseconds(),
        });
        return rows.Select(r => r.ToEntry()).ToList();
    }

    /// <summary>The value of <c>type</c> that asks for status changes only.</summary>
    public const string StatusChanges = "*status";

    /// <summary>One kind of message: its raw rows while kept, then the hours that counted any.</summary>
    internal static string MessageKindSql(MessageKind kind)
    {
        var column = kind.ToString().ToLowerInvariant(); // a column of message_counts, from the enum: never user text
        return $"""
            SELECT * FROM ({EventColumns} AND event_type = @eventType AND occurred_at >= @cutoff
                ORDER BY occurred_at DESC, id DESC LIMIT @limit) AS stored
            UNION ALL
            SELECT * FROM ({CountColumns} AND {column} > 0 ORDER BY hour_start DESC LIMIT @limit) AS counted
            {NewestFirst}
            """;
    }

    /// <summary>Settable, not positional: the status-only and type queries (FleetQueries') have no counts.</summary>
    private sealed class Row
    {
        public long OccurredAt { get; set; }
        public long Id { get; set; }
        public string? EventType { get; set; }
        public long? ReceivedAt { get; set; }
        public string? Source { get; set; }
        public string? Status { get; set; }
        public string? Reason { get; set; }
        public string? ReasonCategory { get; set; }
        public string? Actor { get; set; }
        public long? ClaimedAt { get; set; }
        public long? Sent { get; set; }
        public long? Delivered { get; set; }
        public long? Read { get; set; }
        public long? Received { get; set; }
        public long? Failed { get; set; }

        public TimelineEntry ToEntry()
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(OccurredAt);
            if (EventType is null)
            {
                return new TimelineEntry(at, 0, null, new MessageActivity(at, (int)(Sent ?? 0), (int)(Delivered ?? 0),
                    (int)(Read ?? 0), (int)(Received ?? 0), (int)(Failed ?? 0)));
            }
            return new TimelineEntry(at, Id, new EventView(Id, EventType, at, Time.FromMs(ReceivedAt)!.Value, Source!,
                Status is null ? null : WireNames.FromWire<NumberStatus>(Status), Reason,
                ReasonCategory is null ? null : WireNames.FromWire<ReasonCategory>(ReasonCategory), Actor, Time.FromMs(ClaimedAt)), null);
        }
    }
}
