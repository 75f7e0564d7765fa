using Dapper;
using Microsoft.Data.Sqlite;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Fleet;

/// <summary>
/// Migration 008's code: every number stored under a spelling that <see cref="Phones.Normalise"/> now
/// writes differently (<c>+5215511112222</c> → <c>+525511112222</c>) moves to its canonical number. When
/// both spellings are stored, they become one number: the histories join, the state of whichever saw the
/// newer status event wins, and the roster keeps what staff wrote on either (the canonical row first).
/// </summary>
public static class PhoneMerge
{
    public static readonly CodeMigration Migration = new(8, Run);

    public static void Run(SqliteConnection connection, SqliteTransaction transaction)
    {
        const string sql = """
            SELECT phone FROM numbers
            UNION SELECT DISTINCT phone FROM events WHERE phone IS NOT NULL
            """;
        foreach (var phone in connection.Query<string>(sql, transaction: transaction).ToList())
        {
            if (Phones.Normalise(phone)?.E164 is { } canonical && canonical != phone)
            {
                Merge(connection, transaction, phone, canonical);
            }
        }
    }

    private static void Merge(SqliteConnection connection, SqliteTransaction transaction, string from, string into)
    {
        const string history = """
            UPDATE events SET phone = @into WHERE phone = @from;
            UPDATE incident_notes SET phone = @into WHERE phone = @from;
            UPDATE alert_pending SET phone = @into WHERE phone = @from;
            INSERT INTO message_counts (hour_start, phone, sent, delivered, read, received, failed)
            SELECT hour_start, @into, sent, delivered, read, received, failed FROM message_counts WHERE phone = @from
            ON CONFLICT (hour_start, phone) DO UPDATE SET
                sent = sent + excluded.sent, delivered = delivered + excluded.delivered, read = read + excluded.read,
                received = received + excluded.received, failed = failed + excluded.failed;
            DELETE FROM message_counts WHERE phone = @from;
            """;
        connection.Execute(history, new { from, into }, transaction);

        const string load = "SELECT * FROM numbers WHERE phone IN (@from, @into)";
        var rows = connection.Query<Row>(load, new { from, into }, transaction).ToDictionary(r => r.Phone);
        if (!rows.TryGetValue(from, out var old))
        {
            return; // history only: it has joined its number
        }
        if (!rows.TryGetValue(into, out var kept))
        {
            const string rename = """
                UPDATE numbers SET phone = @into WHERE phone = @from;
                UPDATE incidents SET phone = @into WHERE phone = @from;
                UPDATE alert_numbers SET phone = @into WHERE phone = @from;
                """;
            connection.Execute(rename, new { from, into }, transaction);
            return;
        }

        // The newer status event wins the state, and with it the acknowledgement and what alerts last said.
        var oldWins = (old.StateEventAt ?? long.MinValue) > (kept.StateEventAt ?? long.MinValue);
        var (winner, loser) = oldWins ? (old, kept) : (kept, old);
        var merged = new Row
        {
            Phone = into,
            Country = kept.Country ?? old.Country,
            AccountName = winner.AccountName ?? loser.AccountName,
            AccountId = winner.AccountId ?? loser.AccountId,
            Status = winner.Status,
            Reason = winner.Reason,
            ReasonCategory = winner.ReasonCategory,
            StateEventAt = winner.StateEventAt,
            StatusChangedAt = winner.StatusChangedAt,
            LastEventAt = Max(old.LastEventAt, kept.LastEventAt),
            PhoneLastSeenAt = Max(old.PhoneLastSeenAt, kept.PhoneLastSeenAt),
            SilentSince = winner.SilentSince,
            Client = kept.Client ?? old.Client,
            Label = kept.Label ?? old.Label,
            Owner = kept.Owner ?? old.Owner,
            Notes = kept.Notes ?? old.Notes,
            RunsCampaign = kept.RunsCampaign || old.RunsCampaign,
            // On the roster if either spelling is.
            RemovedAt = kept.RemovedAt is null || old.RemovedAt is null ? null : Max(kept.RemovedAt, old.RemovedAt),
        };

        const string save = """
            UPDATE numbers SET
                country = @Country, account_name = @AccountName, account_id = @AccountId, status = @Status,
                reason = @Reason, reason_category = @ReasonCategory, state_event_at = @StateEventAt,
                status_changed_at = @StatusChangedAt, last_event_at = @LastEventAt, phone_last_seen_at = @PhoneLastSeenAt,
                silent_since = @SilentSince, client = @Client, label = @Label, owner = @Owner, notes = @Notes,
                runs_campaign = @RunsCampaign, removed_at = @RemovedAt
            WHERE phone = @Phone;
            DELETE FROM numbers WHERE phone = @from;
            """;
        var parameters = new DynamicParameters(merged);
        parameters.Add("from", from);
        connection.Execute(save, parameters, transaction);

        // Per-number side tables describe a state: only the winner's row stays, under the canonical number.
        foreach (var table in new[] { "incidents", "alert_numbers" })
        {
            var keep = $"""
                DELETE FROM {table} WHERE phone = @loserPhone;
                UPDATE {table} SET phone = @into WHERE phone = @from;
                """;
            connection.Execute(keep, new { loserPhone = loser.Phone, into, from }, transaction);
        }
    }

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private sealed class Row
    {
        public required string Phone { get; init; }
        public string? Country { get; init; }
        public string? AccountName { get; init; }
        public string? AccountId { get; init; }
        public required string Status { get; init; }
        public string? Reason { get; init; }
        public string? ReasonCategory { get; init; }
        public long? StateEventAt { get; init; }
        public long? StatusChangedAt { get; init; }
        public long? LastEventAt { get; init; }
        public long? PhoneLastSeenAt { get; init; }
        public long? SilentSince { get; init; }
        public string? Client { get; init; }
        public string? Label { get; init; }
        public string? Owner { get; init; }
        public string? Notes { get; init; }
        public bool RunsCampaign { get; init; }
        public long? RemovedAt { get; init; }
    }
}
