using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace WazzapDashboard.Storage;

/// <summary>
/// A migration step written in code, for what SQL alone cannot do (such as re-normalising phone numbers
/// with libphonenumber). Registered by the feature that owns it; it runs in its version's transaction,
/// after that version's .sql file if there is one.
/// </summary>
public sealed record CodeMigration(int Version, Action<SqliteConnection, SqliteTransaction> Run);

/// <summary>Opens connections to the fleet database and brings its schema up to date.</summary>
public sealed class Database(string connectionString, IEnumerable<CodeMigration>? codeMigrations = null)
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

    /// <summary>The size in bytes the WAL file is cut back to after a checkpoint, and that the writer keeps it under.</summary>
    public long WalLimit { get; init; } = 64 * 1024 * 1024;

    /// <summary>The WAL file's size in bytes; 0 when there is none.</summary>
    public long WalSize() => FilePath is { } path && new FileInfo(path + "-wal") is { Exists: true } wal ? wal.Length : 0;

    /// <summary>
    /// Copies the WAL into the database file and has the writer start the WAL over, cut back to
    /// <see cref="WalLimit"/> at its next commit. The automatic checkpoints after each commit never wait
    /// for readers, so while readers overlap without a break (pages, the API, background passes) the WAL
    /// never starts over and grows with every write. This checkpoint waits up to a quarter of a second for
    /// the writer's batch and for readers of older snapshots, holding new writes back meanwhile; false when
    /// they outlast that, and a later call finishes the job.
    /// </summary>
    public bool RestartWal()
    {
        using var connection = Open();
        connection.Execute("PRAGMA busy_timeout = 250");
        return connection.QuerySingle<(long Busy, long Log, long Checkpointed)>("PRAGMA wal_checkpoint(RESTART)").Busy == 0;
    }

    /// <summary>Is handed the writer's connection once it is open: tests fill the "disk" with PRAGMA max_page_count.</summary>
    internal Action<SqliteConnection>? WriterOpened { get; init; }

    /// <summary>
    /// The single writer's connection. An acknowledgement ends the sender's retries, so a committed
    /// batch must survive a power cut: WAL with synchronous=FULL. A 64 MiB page cache and memory-mapped
    /// reads keep the event indexes (random ids) in memory instead of re-reading their pages for each
    /// insert, and checkpointing every 10,000 WAL pages rather than 1,000 copies a page dirtied by many
    /// batches back into the database once. The WAL file is cut back to <see cref="WalLimit"/> after a
    /// checkpoint, so a burst of writes does not leave it large.
    /// </summary>
    public SqliteConnection OpenWriter()
    {
        var connection = Open();
        connection.Execute($"PRAGMA synchronous = FULL; PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456; PRAGMA wal_autocheckpoint = 10000; PRAGMA journal_size_limit = {WalLimit};");
        WriterOpened?.Invoke(connection);
        return connection;
    }

    /// <summary>
    /// Applies the migrations not yet applied. A new database is created with incremental auto-vacuum, so
    /// the pruner can hand freed pages back to the file system; a database made before that setting is
    /// switched over once, by a full VACUUM after its migrations (it needs free disk space about the size
    /// of the database, and takes a while on a large one, before the app starts serving).
    /// </summary>
    public void Migrate()
    {
        using var connection = Open();
        // Only takes effect on a database with no tables yet; an existing one keeps its mode until the VACUUM below.
        connection.Execute("PRAGMA auto_vacuum = INCREMENTAL;");
        connection.Execute("PRAGMA journal_mode = WAL;");
        connection.CreateFunction(KeyHash.SqlFunction, (string key) => KeyHash.Of(key), isDeterministic: true);
        connection.Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);");
        var applied = connection.Query<int>("SELECT version FROM schema_version").ToHashSet();

        var sqlSteps = Migrations().ToDictionary(m => m.Version, m => m.Sql);
        var codeSteps = (codeMigrations ?? []).ToLookup(m => m.Version);
        foreach (var version in sqlSteps.Keys.Union(codeSteps.Select(g => g.Key)).Where(v => !applied.Contains(v)).Order())
        {
            using var transaction = connection.BeginTransaction();
            if (sqlSteps.TryGetValue(version, out var sql)) connection.Execute(sql, transaction: transaction);
            foreach (var step in codeSteps[version]) step.Run(connection, transaction);
            connection.Execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (@version, @now)",
                new { version, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, transaction);
            transaction.Commit();
        }

        if (connection.ExecuteScalar<long>("PRAGMA auto_vacuum") != IncrementalVacuum)
        {
            connection.Execute("PRAGMA auto_vacuum = INCREMENTAL; VACUUM;");
        }
    }

    /// <summary><c>PRAGMA auto_vacuum</c>'s value for INCREMENTAL.</summary>
    private const long IncrementalVacuum = 2;

    /// <summary>The database file's path; null for an in-memory database.</summary>
    public string? FilePath
    {
        get
        {
            var source = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            return source is "" or ":memory:" ? null : Path.GetFullPath(source);
        }
    }

    /// <summary>Embedded Storage/Migrations/NNN_name.sql files, in version order.</summary>
    internal static IEnumerable<(int Version, string Sql)> Migrations()
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
