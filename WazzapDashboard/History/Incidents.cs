using Dapper;
using WazzapDashboard.Fleet;
using WazzapDashboard.Live;
using WazzapDashboard.Storage;

namespace WazzapDashboard.History;

public sealed record IncidentNote(long Id, string By, string Text, DateTimeOffset CreatedAt);

public enum AcknowledgeOutcome { Acknowledged, UnknownNumber, NothingToAcknowledge }

/// <summary>
/// Support's acknowledgements ("on it") and notes. They live in their own tables, written here on
/// short transactions of their own; the single writer only reads them. Whether an acknowledgement
/// still stands is decided on read (<see cref="Acknowledgement.Covers"/>), so a reconnect clears it
/// in the very commit that records the reconnect, whichever path made it.
/// </summary>
public sealed class Incidents(Database database, FleetQueries fleet, ChangeFeed feed, TimeProvider time)
{
    public const int MaxNameLength = 80;
    public const int MaxNoteLength = 4000;

    /// <summary>What is wrong with a name typed as "who", or null.</summary>
    public static string? CheckName(string? by) =>
        string.IsNullOrWhiteSpace(by) ? "Say who you are: 'by' is required."
        : by.Trim().Length > MaxNameLength ? $"'by' is limited to {MaxNameLength} characters."
        : null;

    public static string? CheckNote(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "'text' is required."
        : text.Trim().Length > MaxNoteLength ? $"'text' is limited to {MaxNoteLength} characters."
        : null;

    /// <summary>
    /// Records <paramref name="by"/> as on the number's current outage (taking it over from anyone
    /// else). The status check and the write are one statement, so a reconnect committed by the
    /// writer in between cannot leave a connected number acknowledged.
    /// </summary>
    public (AcknowledgeOutcome Outcome, NumberView? Number) Acknowledge(string phone, string by)
    {
        const string sql = """
            INSERT INTO incidents (phone, acknowledged_by, acknowledged_at, outage_since)
            SELECT phone, @by, @now, status_changed_at FROM numbers
            WHERE phone = @phone AND status <> 'connected'
            ON CONFLICT (phone) DO UPDATE SET
                acknowledged_by = excluded.acknowledged_by,
                acknowledged_at = excluded.acknowledged_at,
                outage_since = excluded.outage_since
            """;
        int written;
        using (var connection = database.Open())
        {
            written = connection.Execute(sql, new { phone, by = by.Trim(), now = time.GetUtcNow().ToUnixTimeMilliseconds() });
        }

        if (written == 0)
        {
            var number = fleet.Find(phone);
            return (number is null ? AcknowledgeOutcome.UnknownNumber : AcknowledgeOutcome.NothingToAcknowledge, number);
        }
        return (AcknowledgeOutcome.Acknowledged, Publish(phone));
    }

    /// <summary>Withdraws the acknowledgement, if any; null when the number is unknown.</summary>
    public NumberView? Withdraw(string phone)
    {
        if (fleet.Find(phone) is null) return null;
        const string sql = "DELETE FROM incidents WHERE phone = @phone";
        using (var connection = database.Open())
        {
            connection.Execute(sql, new { phone });
        }
        return Publish(phone);
    }

    public IncidentNote AddNote(string phone, string by, string text)
    {
        const string sql = """
            INSERT INTO incident_notes (phone, author, text, created_at)
            VALUES (@phone, @by, @text, @now)
            RETURNING id
            """;
        var now = time.GetUtcNow();
        var note = new IncidentNote(0, by.Trim(), text.Trim(), now);
        using var connection = database.Open();
        var id = connection.ExecuteScalar<long>(sql, new { phone, by = note.By, text = note.Text, now = now.ToUnixTimeMilliseconds() });
        return note with { Id = id };
    }

    /// <summary>The number's notes, newest first.</summary>
    public IReadOnlyList<IncidentNote> Notes(string phone, int limit = 500)
    {
        const string sql = """
            SELECT id, author, text, created_at FROM incident_notes
            WHERE phone = @phone
            ORDER BY created_at DESC, id DESC
            LIMIT @limit
            """;
        using var connection = database.Open();
        return connection.Query<(long Id, string Author, string Text, long CreatedAt)>(sql, new { phone, limit })
            .Select(r => new IncidentNote(r.Id, r.Author, r.Text, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt)))
            .ToList();
    }

    /// <summary>
    /// Tells the grid, the wall and open pages. The writer publishes its own commits; should one land
    /// between this read and this publish, the view sent here would be older than the writer's, so
    /// read once more and resend if it moved on.
    /// </summary>
    private NumberView? Publish(string phone)
    {
        var view = fleet.Find(phone);
        if (view is null) return null;
        feed.Publish([view]);
        var again = fleet.Find(phone);
        if (again is not null && again != view) feed.Publish([again]);
        return again ?? view;
    }
}
