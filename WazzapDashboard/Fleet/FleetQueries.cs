using Dapper;
using Microsoft.Extensions.Options;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Fleet;

/// <summary>
/// An entry of a number's history, as the API shows it. <see cref="ClaimedAt"/> is set when the sender's
/// event time lay too far in the future to be believed: <see cref="OccurredAt"/> is then the receipt time.
/// </summary>
public sealed record EventView(
    long Id,
    string EventType,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    string Source,
    NumberStatus? Status,
    string? Reason,
    ReasonCategory? ReasonCategory,
    string? By = null,
    DateTimeOffset? ClaimedAt = null);

/// <summary>
/// Read side of the fleet. Each call opens its own pooled connection: with WAL, readers never
/// wait for the writer.
/// </summary>
public sealed class FleetQueries(Database database, TimeProvider time, IOptions<FleetOptions> options)
{
    /// <summary>Every number on the roster; removed numbers are left out.</summary>
    public IReadOnlyList<NumberView> All()
    {
        const string sql = $"{NumberRow.Select} WHERE n.removed_at IS NULL";
        using var connection = database.Open();
        var now = time.GetUtcNow();
        return connection.Query<NumberRow>(sql).Select(row => NumberView.From(row.ToState(), now, options.Value)).ToList();
    }

    /// <summary>The clients of the numbers on the roster, by name, for pickers such as the wall-link form.</summary>
    public IReadOnlyList<string> Clients()
    {
        const string sql = """
            SELECT client FROM numbers
            WHERE removed_at IS NULL AND client IS NOT NULL AND client <> ''
            GROUP BY client ORDER BY lower(client)
            """;
        using var connection = database.Open();
        return connection.Query<string>(sql).ToList();
    }

    /// <summary>The number, removed or not: a removed number keeps its page and history (<see cref="NumberView.RemovedAt"/> says so).</summary>
    public NumberView? Find(string phone)
    {
        const string sql = $"{NumberRow.Select} WHERE n.phone = @phone";
        using var connection = database.Open();
        var row = connection.QuerySingleOrDefault<NumberRow>(sql, new { phone });
        return row is null ? null : NumberView.From(row.ToState(), time.GetUtcNow(), options.Value);
    }

    private const string EventPage = """
        SELECT id, event_type, occurred_at, received_at, source, status, reason, reason_category, actor, claimed_at
        FROM events
        WHERE phone = @phone AND (occurred_at, id) < (@at, @id)
        """;

    private const string NewestFirst = " ORDER BY occurred_at DESC, id DESC LIMIT @limit";

    internal const string EventsSql = EventPage + NewestFirst;
    internal const string EventsOfTypeSql = EventPage + " AND event_type = @eventType AND event_type NOT LIKE 'message.%'" + NewestFirst;
    internal const string EventsOfMessageTypeSql = EventPage + " AND event_type = @eventType" + NewestFirst;
    internal const string StatusEventsSql = EventPage + " AND status IS NOT NULL" + NewestFirst;

    /// <summary>
    /// Newest first: all types, only <paramref name="eventType"/>, or only the events that set a status
    /// (<paramref name="statusChangesOnly"/>); <paramref name="beforeId"/> pages back
    /// from an earlier page's last id (keyset paging on <c>(occurred_at, id)</c>). Each page is one index
    /// range scan — <c>events_phone_time</c>, <c>events_phone_history_type</c> with a type other than a
    /// message's, <c>events_phone_status_time</c> for status changes — however many events the number has
    /// and however deep the page. A message type reads <c>events_phone_time</c> and skips other rows: raw
    /// message rows are kept for <c>History:RawPayloadDays</c> only, so that walk is bounded too.
    /// </summary>
    public IReadOnlyList<EventView> Events(string phone, int limit, long? beforeId = null, string? eventType = null, bool statusChangesOnly = false)
    {
        using var connection = database.Open();
        var cursor = (At: long.MaxValue, Id: long.MaxValue);
        if (beforeId is { } id)
        {
            const string cursorSql = "SELECT occurred_at, id FROM events WHERE id = @id AND phone = @phone";
            var found = connection.Query<(long At, long Id)>(cursorSql, new { id, phone }).ToList();
            if (found.Count == 0) return [];
            cursor = found[0];
        }

        var sql = eventType is null ? statusChangesOnly ? StatusEventsSql : EventsSql
            : MessageCounts.IsMessage(eventType) ? EventsOfMessageTypeSql : EventsOfTypeSql;
        var rows = connection.Query<EventRow>(sql,
            new { phone, eventType, at = cursor.At, id = cursor.Id, limit });
        return rows.Select(r => new EventView(
            r.Id, r.EventType, Time.FromMs(r.OccurredAt)!.Value, Time.FromMs(r.ReceivedAt)!.Value, r.Source,
            r.Status is null ? null : WireNames.FromWire<NumberStatus>(r.Status), r.Reason,
            r.ReasonCategory is null ? null : WireNames.FromWire<ReasonCategory>(r.ReasonCategory), r.Actor, Time.FromMs(r.ClaimedAt))).ToList();
    }

    private sealed record EventRow(long Id, string EventType, long OccurredAt, long ReceivedAt, string Source, string? Status, string? Reason, string? ReasonCategory, string? Actor, long? ClaimedAt);
}
