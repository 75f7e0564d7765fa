using Dapper;

namespace WazzapDashboard.Storage;

/// <summary>The last run of a maintenance task (prune, backup): when, what it did (JSON), and its last failure.</summary>
public sealed record MaintenanceRun(
    string Task,
    DateTimeOffset? LastStartedAt,
    DateTimeOffset? LastOkAt,
    string? Detail,
    DateTimeOffset? LastFailedAt,
    string? LastError)
{
    /// <summary>The last run failed (a later success clears this).</summary>
    public bool Failing => LastFailedAt is { } failed && (LastOkAt is not { } ok || failed >= ok);
}

/// <summary>Table <c>maintenance</c>: one row per task, for the Storage page.</summary>
public static class Maintenance
{
    public const string Prune = "prune";
    public const string Backup = "backup";

    /// <summary>Records a start (<paramref name="detail"/> and <paramref name="error"/> null), a success (<paramref name="detail"/>), or a failure.</summary>
    public static void Record(Database database, string task, DateTimeOffset startedAt, string? detail, string? error)
    {
        const string sql = """
            INSERT INTO maintenance (task, last_started_at) VALUES (@task, @startedAt)
            ON CONFLICT (task) DO UPDATE SET
                last_started_at = excluded.last_started_at,
                last_ok_at = CASE WHEN @detail IS NULL THEN maintenance.last_ok_at ELSE @startedAt END,
                detail = coalesce(@detail, maintenance.detail),
                last_failed_at = CASE WHEN @error IS NULL THEN maintenance.last_failed_at ELSE @startedAt END,
                last_error = coalesce(@error, maintenance.last_error)
            """;
        using var connection = database.Open();
        connection.Execute(sql, new { task, startedAt = startedAt.ToUnixTimeMilliseconds(), detail, error });
    }

    public static MaintenanceRun Read(Database database, string task)
    {
        const string sql = "SELECT last_started_at, last_ok_at, detail, last_failed_at, last_error FROM maintenance WHERE task = @task";
        using var connection = database.Open();
        var row = connection.QuerySingleOrDefault<(long? StartedAt, long? OkAt, string? Detail, long? FailedAt, string? Error)>(sql, new { task });
        return new MaintenanceRun(task, FromMs(row.StartedAt), FromMs(row.OkAt), row.Detail, FromMs(row.FailedAt), row.Error);
    }

    private static DateTimeOffset? FromMs(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
