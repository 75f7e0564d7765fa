using Dapper;
using Microsoft.Extensions.Options;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Fleet;

/// <summary>An entry of a number's history, as the API shows it.</summary>
public sealed record EventView(
    long Id,
    string EventType,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    string Source,
    NumberStatus? Status,
    string? Reason,
    ReasonCategory? ReasonCategory,
    string? By = null);

/// <summary>
/// Read side of the fleet. Each call opens its own pooled connection: with WAL, readers never
/// wait for the writer.
/// </summary>
public sealed class FleetQueries(Database database, TimeProvider time, IOptions<FleetOptions> options)
{
    /// <summary>Every number on the roster; removed numbers are left out.</summary>
    public IReadOnlyList<NumberView> All()
    {
        const string sql = $"SELECT {NumberRow.Columns} FROM numbers WHERE removed_at IS NULL";
        using var connection = database.Open();
        var now = time.GetUtcNow();
        return connection.Query<NumberRow>(sql).Select(row => NumberView.From(row.ToState(), now, options.Value)).ToList();
    }

    /// <summary>The number, removed or not: a removed number keeps its page and history (<see cref="NumberView.RemovedAt"/> says so).</summary>
    public NumberView? Find(string phone)
    {
        const string sql = $"SELECT {NumberRow.Columns} FROM numbers WHERE phone = @phone";
        using var connection = database.Open();
        var row = connection.QuerySingleOrDefault<NumberRow>(sql, new { phone });
        return row is null ? null : NumberView.From(row.ToState(), time.GetUtcNow(), options.Value);
    }

    /// <summary>Newest first; <paramref name="beforeId"/> pages back from an earlier page's last id.</summary>
    public IReadOnlyList<EventView> Events(string phone, int limit, long? beforeId = null)
    {
        const string sql = """
            SELECT id, event_type, occurred_at, received_at, source, status, reason, reason_category, actor
            FROM events
            WHERE phone = @phone
              AND (@beforeId IS NULL OR (occurred_at, id) < (SELECT occurred_at, id FROM events WHERE id = @beforeId))
            ORDER BY occurred_at DESC, id DESC
            LIMIT @limit
            """;
        using var connection = database.Open();
        return connection.Query<EventRow>(sql, new { phone, limit, beforeId }).Select(r => new EventView(
            r.Id, r.EventType, Time.FromMs(r.OccurredAt)!.Value, Time.FromMs(r.ReceivedAt)!.Value, r.Source,
            r.Status is null ? null : WireNames.FromWire<NumberStatus>(r.Status), r.Reason,
            r.ReasonCategory is null ? null : WireNames.FromWire<ReasonCategory>(r.ReasonCategory), r.Actor)).ToList();
    }

    private sealed record EventRow(long Id, string EventType, long OccurredAt, long ReceivedAt, string Source, string? Status, string? Reason, string? ReasonCategory, string? Actor);
}
