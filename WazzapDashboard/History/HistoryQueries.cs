using Dapper;
using WazzapDashboard.Fleet;
using WazzapDashboard.Storage;

namespace WazzapDashboard.History;

/// <summary>One event as the CSV export writes it, payload included.</summary>
public sealed record EventExport(
    long Id,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    string EventType,
    string Source,
    string? Status,
    string? ReasonCategory,
    string? Reason,
    string Payload,
    DateTimeOffset? ClaimedAt = null);

/// <summary>Reads a number's history for its page and its export.</summary>
public sealed class HistoryQueries(Database database)
{
    internal const string StatusChangesSql = """
        SELECT occurred_at, id, status FROM (
            SELECT occurred_at, id, status FROM events
            WHERE phone = @phone AND status IS NOT NULL AND occurred_at < @since
            ORDER BY occurred_at DESC, id DESC
            LIMIT 1) AS before
        UNION ALL
        SELECT occurred_at, id, status FROM events
        WHERE phone = @phone AND status IS NOT NULL AND occurred_at >= @since
        """;

    /// <summary>
    /// The number's status changes since <paramref name="since"/>, plus the last one before it (the
    /// status in force when the window opens), oldest first, ties by arrival. Read through the partial
    /// index of status-changing events, so a number's message traffic costs nothing here.
    /// </summary>
    public IReadOnlyList<(DateTimeOffset At, NumberStatus Status)> StatusChanges(string phone, DateTimeOffset since)
    {
        using var connection = database.Open();
        return connection.Query<(long At, long Id, string Status)>(StatusChangesSql, new { phone, since = since.ToUnixTimeMilliseconds() })
            .OrderBy(r => r.At).ThenBy(r => r.Id)
            .Select(r => (DateTimeOffset.FromUnixTimeMilliseconds(r.At), WireNames.FromWire<NumberStatus>(r.Status)))
            .ToList();
    }

    internal const string EventTypesSql = "SELECT DISTINCT event_type FROM events WHERE phone = @phone AND event_type NOT LIKE 'message.%'";

    /// <summary>
    /// The event types this number has, for the timeline's filter: those of its stored non-message events,
    /// and each message kind its counters ever counted (raw message rows are short-lived).
    /// </summary>
    public IReadOnlyList<string> EventTypes(string phone)
    {
        const string countsSql = """
            SELECT sum(sent) AS sent, sum(delivered) AS delivered, sum(read) AS read, sum(received) AS received, sum(failed) AS failed
            FROM message_counts WHERE phone = @phone
            """;
        using var connection = database.Open();
        var types = connection.Query<string>(EventTypesSql, new { phone }).ToList();
        var counts = connection.QuerySingle<(long? Sent, long? Delivered, long? Read, long? Received, long? Failed)>(countsSql, new { phone });
        var kinds = new (long? Count, MessageKind Kind)[]
        {
            (counts.Sent, MessageKind.Sent), (counts.Delivered, MessageKind.Delivered), (counts.Read, MessageKind.Read),
            (counts.Received, MessageKind.Received), (counts.Failed, MessageKind.Failed),
        };
        types.AddRange(kinds.Where(k => k.Count > 0).Select(k => MessageCounts.TypePrefix + k.Kind.ToString().ToLowerInvariant()));
        return types.Order(StringComparer.Ordinal).ToList();
    }


    /// <summary>The raw body of one of the number's events, as received.</summary>
    public string? Payload(string phone, long id)
    {
        const string sql = "SELECT payload FROM events WHERE id = @id AND phone = @phone";
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<string>(sql, new { id, phone });
    }

    /// <summary>
    /// Every event of the number, newest first, read row by row while the caller writes them out
    /// (unbuffered): the export never holds a whole history in memory. Dispose the enumerator to
    /// release the connection.
    /// </summary>
    public IEnumerable<EventExport> Export(string phone)
    {
        const string sql = """
            SELECT id, occurred_at, received_at, event_type, source, status, reason_category, reason, payload, claimed_at
            FROM events
            WHERE phone = @phone
            ORDER BY occurred_at DESC, id DESC
            """;
        using var connection = database.Open();
        foreach (var r in connection.Query<ExportRow>(sql, new { phone }, buffered: false))
        {
            yield return new EventExport(r.Id, DateTimeOffset.FromUnixTimeMilliseconds(r.OccurredAt),
                DateTimeOffset.FromUnixTimeMilliseconds(r.ReceivedAt), r.EventType, r.Source, r.Status, r.ReasonCategory, r.Reason, r.Payload,
                r.ClaimedAt is { } claimed ? DateTimeOffset.FromUnixTimeMilliseconds(claimed) : null);
        }
    }

    private sealed record ExportRow(long Id, long OccurredAt, long ReceivedAt, string EventType, string Source,
        string? Status, string? ReasonCategory, string? Reason, string Payload, long? ClaimedAt);
}
