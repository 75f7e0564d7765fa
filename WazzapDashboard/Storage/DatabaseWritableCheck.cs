using Dapper;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WazzapDashboard.Storage;

/// <summary>
/// Readiness: a row can be written. An update that changes nothing, rolled back: it takes the write lock
/// and fails on a read-only file, disk or mount (BEGIN IMMEDIATE alone succeeds on a read-only database).
/// A batch holds the write lock for milliseconds: one held for seconds means writes are stuck too.
/// </summary>
public sealed class DatabaseWritableCheck(Database database) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var connection = database.Open();
            // SQLite's BEGIN IMMEDIATE waits for the write lock up to the connection's timeout, not the command's.
            if (connection is SqliteConnection sqlite) sqlite.DefaultTimeout = 2;
            using var transaction = connection.BeginTransaction();
            const string sql = """
                UPDATE schema_version SET applied_at = applied_at
                WHERE version = (SELECT max(version) FROM schema_version)
                """;
            connection.Execute(sql, transaction: transaction, commandTimeout: 2);
            transaction.Rollback();
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        catch (DbException ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The fleet database cannot be written: {ex.Message}"));
        }
    }
}
