using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace WazzapDashboard.Storage;

/// <summary>Opens connections to the fleet database and brings its schema up to date.</summary>
public sealed class Database(string connectionString)
{
    // Columns are snake_case; row records are PascalCase.
    static Database() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public string ConnectionString { get; } = connectionString;

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Is handed the writer's connection once it is open: tests fill the "disk" with PRAGMA max_page_count.</summary>
    internal Action<SqliteConnection>? WriterOpened { get; init; }

    /// <summary>
    /// The single writer's connection. An acknowledgement ends the sender's retries, so a committed
    /// batch must survive a power cut: WAL with synchronous=FULL. A 64 MiB page cache and memory-mapped
    /// reads keep the event indexes (random ids) in memory instead of re-reading their pages for each
    /// insert, and checkpointing every 10,000 WAL pages rather than 1,000 copies a page dirtied by many
    /// batches back into the database once.
    /// </summary>
    public SqliteConnection OpenWriter()
    {
        var connection = Open();
        connection.Execute("PRAGMA synchronous = FULL; PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456; PRAGMA wal_autocheckpoint = 10000;");
        WriterOpened?.Invoke(connection);
        return connection;
    }

    public void Migrate()
    {
        using var connection = Open();
        connection.Execute("PRAGMA journal_mode = WAL;");
        connection.Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);");
        var applied = connection.Query<int>("SELECT version FROM schema_version").ToHashSet();

        foreach (var (version, sql) in Migrations().Where(m => !applied.Contains(m.Version)))
        {
            using var transaction = connection.BeginTransaction();
            connection.Execute(sql, transaction: transaction);
            connection.Execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (@version, @now)",
                new { version, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, transaction);
            transaction.Commit();
        }
    }

    /// <summary>Embedded Storage/Migrations/NNN_name.sql files, in version order.</summary>
    private static IEnumerable<(int Version, string Sql)> Migrations()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string prefix = "WazzapDashboard.Storage.Migrations.";
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                return (Version: int.Parse(name[prefix.Length..].Split('_')[0]), Sql: reader.ReadToEnd());
            })
            .OrderBy(m => m.Version);
    }
}
