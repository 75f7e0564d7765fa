using Dapper;
using Microsoft.Data.Sqlite;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Tests.Infrastructure;

/// <summary>Pages and scripts reading without a break: some reader always holds an older snapshot.</summary>
public static class Readers
{
    /// <summary>Keeps overlapping readers on <paramref name="database"/> until <paramref name="work"/> ends; the largest the WAL grew meanwhile.</summary>
    public static Task<long> OverlapUntil(Database database, Task work) => Task.Run(() =>
    {
        using var first = (SqliteConnection)database.Open();
        using var second = (SqliteConnection)database.Open();
        var held = Snapshot(first);
        long largest = 0;
        for (var turn = 0; !work.IsCompleted; turn++)
        {
            var next = Snapshot(turn % 2 == 0 ? second : first); // the next reader starts before the last one ends
            held.Dispose();
            held = next;
            largest = Math.Max(largest, database.WalSize());
        }
        held.Dispose();
        return largest;
    });

    private static SqliteTransaction Snapshot(SqliteConnection connection)
    {
        var transaction = connection.BeginTransaction(deferred: true);
        connection.ExecuteScalar<long>("SELECT count(*) FROM numbers", transaction: transaction);
        return transaction;
    }
}
