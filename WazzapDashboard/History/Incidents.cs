using Dapper;
using System.Data.Common;
using Microsoft.Extensions.Options;
using WazzapDashboard.Fleet;
using WazzapDashboard.Storage;
using WazzapDashboard.Localization;

namespace WazzapDashboard.History;

public sealed record IncidentNote(long Id, string By, string Text, DateTimeOffset CreatedAt);

/// <summary>
/// Support's acknowledgements ("on it") and notes. They live in tables of their own, written as commands
/// on the single <see cref="FleetWriter"/>, so an acknowledgement and a webhook never interleave and the
/// change feed publishes them in commit order. Whether an acknowledgement still stands is decided on read
/// (<see cref="Acknowledgement.Covers"/>), so a reconnect clears it in the very commit that records the
/// reconnect, whichever path made it. <c>by</c> is always the signed-in name, passed in by the caller.
/// </summary>
public sealed class Incidents(FleetWriter writer, Database database, TimeProvider time, IOptions<FleetOptions> options)
{
    public const int MaxNoteLength = RosterEntry.MaxNotesLength;

    /// <summary>What is wrong with the name recorded as "who", or null.</summary>
    public static string? CheckName(string? by) =>
        string.IsNullOrWhiteSpace(by) ? Text.Get("Problem_NobodySignedIn")
        : by.Trim().Length > RosterEntry.MaxNameLength ? Text.Get("Problem_TooLong", "by", RosterEntry.MaxNameLength)
        : null;

    public static string? CheckNote(string? text) =>
        string.IsNullOrWhiteSpace(text) ? Text.Get("Problem_Required", "text")
        : text.Trim().Length > MaxNoteLength ? Text.Get("Problem_TooLong", "text", MaxNoteLength)
        : null;

    /// <summary>
    /// Records <paramref name="by"/> as on the number's current outage, or on its coming expiry when it is
    /// at risk or expired (taking it over from anyone else). A healthy connected number has nothing to
    /// acknowledge: <see cref="ActionOutcome.Conflict"/>.
    /// </summary>
    public Task<ActionResult> Acknowledge(string phone, string? by)
    {
        if (CheckName(by) is { } problem) return Task.FromResult(new ActionResult(ActionOutcome.Invalid, Problem: problem));
        return Run(phone, (connection, transaction, state) =>
        {
            var view = View(state);
            if (state.Status == NumberStatus.Connected && !view.AtRisk)
            {
                return new(ActionOutcome.Conflict, view, $"{state.Phone} is connected and not at risk: there is nothing to acknowledge.");
            }
            const string sql = """
                INSERT INTO incidents (phone, acknowledged_by, acknowledged_at, outage_since)
                VALUES (@phone, @by, @now, @since)
                ON CONFLICT (phone) DO UPDATE SET
                    acknowledged_by = excluded.acknowledged_by,
                    acknowledged_at = excluded.acknowledged_at,
                    outage_since = excluded.outage_since
                """;
            connection.Execute(sql, new { phone = state.Phone, by = by!.Trim(), now = Now, since = Time.ToMs(Acknowledgement.SituationSince(state.Status, state.StatusChangedAt, state.PhoneLastSeenAt)) }, transaction);
            return null;
        });
    }

    /// <summary>Withdraws the acknowledgement, if any (taken by mistake, or handed back).</summary>
    public Task<ActionResult> Withdraw(string phone) => Run(phone, (connection, transaction, state) =>
    {
        connection.Execute("DELETE FROM incidents WHERE phone = @phone", new { phone = state.Phone }, transaction);
        return null;
    });

    /// <summary>Adds a note; the note as stored comes back with the result when it was added.</summary>
    public async Task<(ActionResult Result, IncidentNote? Note)> AddNote(string phone, string? by, string? text)
    {
        if ((CheckName(by) ?? CheckNote(text)) is { } problem) return (new(ActionOutcome.Invalid, Problem: problem), null);
        IncidentNote? note = null;
        var result = await Run(phone, (connection, transaction, state) =>
        {
            const string sql = """
                INSERT INTO incident_notes (phone, author, text, created_at) VALUES (@phone, @By, @Text, @now)
                RETURNING id
                """;
            var draft = new IncidentNote(0, by!.Trim(), text!.Trim(), time.GetUtcNow());
            var id = connection.ExecuteScalar<long>(sql, new { phone = state.Phone, draft.By, draft.Text, now = Now }, transaction);
            note = draft with { Id = id };
            return null;
        });
        return (result, note);
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

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private NumberView View(NumberState state) => NumberView.From(state, time.GetUtcNow(), options.Value);

    /// <summary>
    /// Runs <paramref name="work"/> on the writer for a known number; it returns a result to stop, or null
    /// when done. The number as it then is goes out on the change feed, even after a note: the grid and
    /// the wall show the acknowledgement, and other open pages of the number read its notes again.
    /// </summary>
    private async Task<ActionResult> Run(string phone,
        Func<DbConnection, DbTransaction, NumberState, ActionResult?> work)
    {
        if (Phones.Normalise(phone)?.E164 is not { } e164) return FleetActions.InvalidPhone(phone);
        var run = writer.TryRun<ActionResult>((connection, transaction) =>
        {
            if (FleetWriter.Load(connection, transaction, e164) is not { } state)
            {
                return (new(ActionOutcome.NotFound, Problem: Text.Get("Problem_UnknownNumber", e164)), []);
            }
            if (work(connection, transaction, state) is { } stopped) return (stopped, []);
            var view = View(FleetWriter.Load(connection, transaction, e164)!);
            return (new(ActionOutcome.Done, view), [view]);
        });
        return run is null ? new(ActionOutcome.Busy) : await run;
    }
}
