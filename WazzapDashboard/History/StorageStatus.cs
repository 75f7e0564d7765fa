using Dapper;
using Microsoft.Extensions.Options;
using WazzapDashboard.Localization;
using WazzapDashboard.Storage;

namespace WazzapDashboard.History;

/// <summary>Rows of one kind of stored data, and the oldest time among them (words in the reader's language; the API's is English).</summary>
public sealed record StoredKind(string Kind, long Rows, DateTimeOffset? Oldest, string KeptFor);

/// <summary>
/// What the Storage page shows: sizes, rows by kind, the last prune and the last backup. The write-ahead log
/// and the free pages are SQLite's file's: null on PostgreSQL, whose server keeps its own.
/// </summary>
public sealed record StorageReport(
    long DatabaseBytes,
    long? WalBytes,
    long? FreePages,
    IReadOnlyList<StoredKind> Kinds,
    MaintenanceRun LastPrune,
    MaintenanceRun LastBackup,
    string BackupFolder,
    IReadOnlyList<BackupFile> Backups);

/// <summary>Reads the <see cref="StorageReport"/>. Counting reads every row's index entry: a second or so at ten million events.</summary>
public sealed class StorageStatus(Database database, Backups backups, IOptions<HistoryOptions> history, IOptions<Fleet.IngestOptions> ingest)
{
    public StorageReport Read()
    {
        const string sql = """
            SELECT
                (SELECT count(*) FROM events WHERE status IS NULL AND event_type LIKE 'message.%') AS raw_messages,
                (SELECT min(occurred_at) FROM events WHERE status IS NULL AND event_type LIKE 'message.%') AS oldest_raw,
                (SELECT count(*) FROM events WHERE status IS NOT NULL OR event_type NOT LIKE 'message.%') AS history_events,
                (SELECT min(occurred_at) FROM events WHERE status IS NOT NULL OR event_type NOT LIKE 'message.%') AS oldest_history,
                (SELECT count(*) FROM message_counts) AS activity_hours,
                (SELECT min(hour_start) FROM message_counts) AS oldest_activity,
                (SELECT count(*) FROM dedupe_keys) AS dedupe_keys,
                (SELECT min(seen_at) FROM dedupe_keys) AS oldest_key,
                (SELECT count(*) FROM incident_notes) AS notes,
                (SELECT min(created_at) FROM incident_notes) AS oldest_note
            """;
        using var connection = database.Open();
        var r = connection.QuerySingle<Counts>(sql);
        var path = database.FilePath;
        var h = history.Value;
        return new StorageReport(
            database.IsPostgres ? connection.ExecuteScalar<long>("SELECT pg_database_size(current_database())") : path is null ? 0 : Length(path),
            database.IsPostgres ? null : path is null ? 0 : Length(path + "-wal"),
            database.IsPostgres ? null : connection.ExecuteScalar<long>("PRAGMA freelist_count"),
            [
                new(Text.Get("Stored_StatusEvents"), r.HistoryEvents, At(r.OldestHistory), Text.Get("Stored_Days", h.StatusEventDays)),
                new(Text.Get("Stored_RawMessages"), r.RawMessages, At(r.OldestRaw), Text.Get("Stored_Days", h.RawPayloadDays)),
                new(Text.Get("Stored_Activity"), r.ActivityHours, At(r.OldestActivity), Text.Get("Stored_Days", h.ActivityDays)),
                new(Text.Get("Stored_Notes"), r.Notes, At(r.OldestNote), Text.Get("Stored_Days", h.StatusEventDays)),
                new(Text.Get("Stored_DedupeKeys"), r.DedupeKeys, At(r.OldestKey), Text.Get("Stored_Hours", ingest.Value.DedupeWindow.TotalHours)),
            ],
            Maintenance.Read(database, Maintenance.Prune),
            Maintenance.Read(database, Maintenance.Backup),
            backups.Folder,
            backups.List());
    }

    private static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    private static DateTimeOffset? At(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

    /// <summary>Settable: a min() over no rows is NULL, which Dapper cannot match to a positional record.</summary>
    private sealed class Counts
    {
        public long RawMessages { get; set; }
        public long? OldestRaw { get; set; }
        public long HistoryEvents { get; set; }
        public long? OldestHistory { get; set; }
        public long ActivityHours { get; set; }
        public long? OldestActivity { get; set; }
        public long DedupeKeys { get; set; }
        public long? OldestKey { get; set; }
        public long Notes { get; set; }
        public long? OldestNote { get; set; }
    }
}
