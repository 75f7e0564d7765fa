using System.Text.Json;
using Dapper;
using System.Data.Common;
using Microsoft.Extensions.Options;
using WazzapDashboard.Localization;

namespace WazzapDashboard.Fleet;

public enum ActionOutcome { Done, InvalidPhone, Invalid, NotFound, AlreadyOnRoster, Conflict, Busy }

/// <summary>What an action did: the number as it now is, or why nothing was done.</summary>
public sealed record ActionResult(ActionOutcome Outcome, NumberView? Number = null, string? Problem = null)
{
    public bool Succeeded => Outcome == ActionOutcome.Done;
}

/// <summary>What a CSV import did, or every problem that stopped it (then nothing was imported).</summary>
public sealed record ImportResult(ActionOutcome Outcome, int Added, int Updated, int Unchanged, IReadOnlyList<CsvProblem> Problems);

/// <summary>
/// What staff do to the fleet, for the API and the pages alike. Every write goes through the single
/// <see cref="FleetWriter"/>: confirmations as <see cref="FleetEvent"/>s (so ordering, history and the change
/// feed treat them like deliveries), roster edits as commands on its thread, so a roster write and a webhook
/// never interleave and the feed publishes in commit order. Roster commands write only roster columns.
/// </summary>
public sealed class FleetActions(FleetWriter writer, FleetQueries queries, TimeProvider time, IOptions<FleetOptions> options)
{
    private FleetOptions Fleet => options.Value;

    /// <summary>The paired phone was seen powered on: restarts the expiry countdown; the status stays.</summary>
    public Task<ActionResult> CheckIn(string phone, Confirmation? confirmation = null) =>
        Confirm(phone, ManualEvents.CheckIn, confirmation);

    /// <summary>The QR code was re-scanned: the number is connected (Wazzap never says so itself).</summary>
    public Task<ActionResult> Reconnected(string phone, Confirmation? confirmation = null) =>
        Confirm(phone, ManualEvents.Reconnected, confirmation);

    private async Task<ActionResult> Confirm(string phone, string eventType, Confirmation? confirmation)
    {
        if (Phones.Normalise(phone)?.E164 is not { } e164) return InvalidPhone(phone);
        var tidy = (confirmation ?? new Confirmation()).Tidy();
        if (tidy.Problems().FirstOrDefault() is { } problem) return new(ActionOutcome.Invalid, Problem: problem);
        if (queries.Find(e164) is not { RemovedAt: null }) return NotOnRoster(e164);

        var now = time.GetUtcNow();
        var e = new FleetEvent(
            Source: Sources.Manual,
            DedupeKey: $"{Sources.Manual}:{Guid.NewGuid()}", // every confirmation is its own event
            AttemptId: null,
            EventType: eventType,
            Phone: e164,
            Country: null,
            AccountId: null,
            AccountName: null,
            Reason: tidy.Note,
            OccurredAt: now,
            ReceivedAt: now,
            Payload: JsonSerializer.Serialize(tidy, JsonSerializerOptions.Web),
            Actor: tidy.By);
        if (writer.TrySubmit(e) is not { } commit) return new(ActionOutcome.Busy);
        await commit;
        return new(ActionOutcome.Done, queries.Find(e164));
    }

    /// <summary>
    /// Puts a number on the roster before (or after) it ever reports. A removed number is restored, with
    /// the history and status it kept while removed.
    /// </summary>
    public async Task<ActionResult> Add(string phone, RosterEntry entry)
    {
        if (Phones.Normalise(phone) is not { } normalised) return InvalidPhone(phone);
        var tidy = entry.Tidy();
        if (tidy.Problems().FirstOrDefault() is { } problem) return new(ActionOutcome.Invalid, Problem: problem);

        return await Run((connection, transaction) =>
        {
            var existing = FleetWriter.Load(connection, transaction, normalised.E164);
            if (existing is { RemovedAt: null }) return (new(ActionOutcome.AlreadyOnRoster, View(existing)), []);

            const string sql = """
                INSERT INTO numbers (phone, country, client, label, owner, notes, runs_campaign)
                VALUES (@phone, @country, @Client, @Label, @Owner, @Notes, @RunsCampaign)
                ON CONFLICT (phone) DO UPDATE SET
                    client = excluded.client, label = excluded.label, owner = excluded.owner,
                    notes = excluded.notes, runs_campaign = excluded.runs_campaign, removed_at = NULL
                """;
            connection.Execute(sql, new { phone = normalised.E164, country = normalised.Country, tidy.Client, tidy.Label, tidy.Owner, tidy.Notes, tidy.RunsCampaign }, transaction);
            return Changed(connection, transaction, normalised.E164);
        });
    }

    /// <summary>Replaces a number's roster details: client, label, owner, notes and the campaign flag.</summary>
    public async Task<ActionResult> Edit(string phone, RosterEntry entry)
    {
        if (Phones.Normalise(phone)?.E164 is not { } e164) return InvalidPhone(phone);
        var tidy = entry.Tidy();
        if (tidy.Problems().FirstOrDefault() is { } problem) return new(ActionOutcome.Invalid, Problem: problem);

        return await Run((connection, transaction) =>
        {
            const string sql = """
                UPDATE numbers
                SET client = @Client, label = @Label, owner = @Owner, notes = @Notes, runs_campaign = @RunsCampaign
                WHERE phone = @e164 AND removed_at IS NULL
                """;
            var updated = connection.Execute(sql, new { e164, tidy.Client, tidy.Label, tidy.Owner, tidy.Notes, tidy.RunsCampaign }, transaction);
            return updated == 0 ? (NotOnRoster(e164), []) : Changed(connection, transaction, e164);
        });
    }

    /// <summary>Takes a number off the roster; its row and history stay, so re-adding it restores both.</summary>
    public async Task<ActionResult> Remove(string phone)
    {
        if (Phones.Normalise(phone)?.E164 is not { } e164) return InvalidPhone(phone);

        return await Run((connection, transaction) =>
        {
            const string sql = "UPDATE numbers SET removed_at = @now WHERE phone = @e164 AND removed_at IS NULL";
            var removed = connection.Execute(sql, new { e164, now = time.GetUtcNow().ToUnixTimeMilliseconds() }, transaction);
            return removed == 0 ? (NotOnRoster(e164), []) : Changed(connection, transaction, e164);
        });
    }

    /// <summary>
    /// Deletes a number and its whole history, removed or not: the admin's explicit purge. A number that
    /// reports again afterwards comes back as a new, unrostered number.
    /// </summary>
    public async Task<ActionResult> Purge(string phone)
    {
        if (Phones.Normalise(phone)?.E164 is not { } e164) return InvalidPhone(phone);

        return await Run((connection, transaction) =>
        {
            if (FleetWriter.Load(connection, transaction, e164) is not { } state) return (NotOnRoster(e164), []);

            const string sql = """
                DELETE FROM events WHERE phone = @e164;
                DELETE FROM message_counts WHERE phone = @e164;
                DELETE FROM incidents WHERE phone = @e164;
                DELETE FROM incident_notes WHERE phone = @e164;
                DELETE FROM numbers WHERE phone = @e164;
                """;
            connection.Execute(sql, new { e164 }, transaction);
            // Subscribers drop a number whose view says it was removed.
            var gone = View(state with { RemovedAt = state.RemovedAt ?? time.GetUtcNow() });
            return (new(ActionOutcome.Done, gone), [gone]);
        });
    }

    /// <summary>
    /// Imports a roster CSV (see <see cref="RosterCsv"/>) in one transaction: every line or none. A listed
    /// number is added, or has its client, label, owner and notes replaced (blank cells clear them) and is
    /// restored if it was removed; its campaign flag is kept. Numbers the file does not list are left alone.
    /// </summary>
    public async Task<ImportResult> Import(string csv)
    {
        var (lines, problems) = RosterCsv.Read(csv);
        if (problems.Count > 0) return new(ActionOutcome.Invalid, 0, 0, 0, problems);

        var run = writer.TryRun<ImportResult>((connection, transaction) =>
        {
            // Every listed number as it stands, in one read; the views after the import follow from it.
            const string current = NumberRow.Select + """

                WHERE n.phone IN (SELECT value FROM json_each(@phones))
                """;
            var phones = JsonSerializer.Serialize(lines.Select(l => l.Phone));
            var before = connection.Query<NumberRow>(current, new { phones }, transaction).ToDictionary(r => r.Phone, r => r.ToState());

            var changes = new List<NumberView>();
            int added = 0, updated = 0;
            foreach (var line in lines)
            {
                var existing = before.GetValueOrDefault(line.Phone);
                var entry = line.Entry;
                if (existing is { RemovedAt: null } && (existing.Client, existing.Label, existing.Owner, existing.Notes) == (entry.Client, entry.Label, entry.Owner, entry.Notes))
                {
                    continue;
                }

                const string sql = """
                    INSERT INTO numbers (phone, country, client, label, owner, notes)
                    VALUES (@Phone, @Country, @Client, @Label, @Owner, @Notes)
                    ON CONFLICT (phone) DO UPDATE SET
                        client = excluded.client, label = excluded.label, owner = excluded.owner,
                        notes = excluded.notes, removed_at = NULL
                    """;
                connection.Execute(sql, new { line.Phone, line.Country, entry.Client, entry.Label, entry.Owner, entry.Notes }, transaction);
                if (existing is null) added++; else updated++;
                var after = (existing ?? new NumberState(line.Phone, line.Country)) with
                {
                    Client = entry.Client, Label = entry.Label, Owner = entry.Owner, Notes = entry.Notes, RemovedAt = null,
                };
                changes.Add(View(after));
            }
            return (new(ActionOutcome.Done, added, updated, lines.Count - added - updated, []), changes);
        });
        return run is null ? new(ActionOutcome.Busy, 0, 0, 0, []) : await run;
    }

    /// <summary>The roster as CSV, for <see cref="Import"/> to read back: numbers on the roster, not removed ones.</summary>
    public byte[] Export() => RosterCsv.Write(queries.All());

    private async Task<ActionResult> Run(Func<DbConnection, DbTransaction, (ActionResult, IReadOnlyList<NumberView>)> work) =>
        writer.TryRun(work) is { } run ? await run : new ActionResult(ActionOutcome.Busy);

    private (ActionResult, IReadOnlyList<NumberView>) Changed(DbConnection connection, DbTransaction transaction, string phone)
    {
        var view = View(FleetWriter.Load(connection, transaction, phone)!);
        return (new(ActionOutcome.Done, view), [view]);
    }

    private NumberView View(NumberState state) => NumberView.From(state, time.GetUtcNow(), Fleet);

    internal static ActionResult InvalidPhone(string phone) => new(ActionOutcome.InvalidPhone,
        Problem: string.IsNullOrWhiteSpace(phone) ? Text.Get("Problem_Required", "phone") : Text.Get("Problem_NotAPhone", phone));

    private static ActionResult NotOnRoster(string phone) =>
        new(ActionOutcome.NotFound, Problem: Text.Get("Problem_NotOnRoster", phone));
}
