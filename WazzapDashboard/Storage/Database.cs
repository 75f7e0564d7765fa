using System.Data.Common;
using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace WazzapDashboard.Storage;

/// <summary>
/// A migration step written in code, for what SQL alone cannot do (such as re-normalising phone numbers
/// with libphonenumber). Registered by the feature that owns it; it runs in its version's transaction,
/// after that version's .sql file if there is one. Code migrations mend SQLite databases made by
/// earlier versions; a PostgreSQL database starts from the current schema and never needs them.
/// </summary>
public sealed record CodeMigration(int Version, Action<SqliteConnection, SqliteTransaction> Run);

/// <summary><c>Database:Provider</c>: where the fleet is stored.</summary>
public enum DatabaseProvider
{
    /// <summary>One file beside the app: one instance, nothing else to run.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server shared by several instances.</summary>
    Postgres,
}

/// <summary>Opens connections to the fleet database and brings its schema up to date.</summary>
public sealed class Database : IDisposable
{
    // Columns are snake_case; row records are PascalCase.
    static Database() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    private readonly IEnumerable<CodeMigration> _codeMigrations;
    private readonly NpgsqlDataSource? _postgres;

    public Database(string connectionString, IEnumerable<CodeMigration>? codeMigrations = null, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        ConnectionString = connectionString;
        Provider = provider;
        _codeMigrations = codeMigrations ?? [];
        if (provider == DatabaseProvider.Postgres) _postgres = NpgsqlDataSource.Create(connectionString);
    }

    public string ConnectionString { get; }

    public DatabaseProvider Provider { get; }

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    public DbConnection Open()
    {
        if (_postgres is not null) return _postgres.OpenConnection();
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Begins a transaction of the writers that change numbers and their history (each instance's
    /// <c>FleetWriter</c>). On PostgreSQL it first takes a lock shared by every instance, so their batches
    /// commit one after another: a number's events are applied in commit order, and ids and relay
    /// sequence numbers become visible in the order they were given, so no cursor passes over one. On
    /// SQLite, one file and one writer per instance, the file's own write lock does the same.
    /// </summary>
    public DbTransaction BeginWrite(DbConnection connection)
    {
        var transaction = connection.BeginTransaction();
        if (IsPostgres) connection.Execute("SELECT pg_advisory_xact_lock(@key)", new { key = WriterLock }, transaction);
        return transaction;
    }

    /// <summary>The advisory lock <see cref="BeginWrite"/> takes: any fixed 64-bit number, the same on every instance.</summary>
    private const long WriterLock = 0x57415A5A41500001;

    public void Dispose() => _postgres?.Dispose();

    /// <summary>The size in bytes the WAL file is cut back to after a checkpoint, and that the writer keeps it under.</summary>
    public long WalLimit { get; init; } = 64 * 1024 * 1024;

    /// <summary>The WAL file's size in bytes; 0 when there is none.</summary>
    public long WalSize() => !IsPostgres && FilePath is { } path && new FileInfo(path + "-wal") is { Exists: true } wal ? wal.Length : 0;

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
        if (IsPostgres) return true;
        using var connection = Open();
        connection.Execute("PRAGMA busy_timeout = 250");
        return connection.QuerySingle<(long Busy, long Log, long Checkpointed)>("PRAGMA wal_checkpoint(RESTART)").Busy == 0;
    }

    /// <summary>Is handed the writer's connection once it is open: tests fill the "disk" with PRAGMA max_page_count.</summary>
    internal Action<DbConnection>? WriterOpened { get; init; }

    /// <summary>
    /// The single writer's connection. An acknowledgement ends the sender's retries, so a committed
    /// batch must survive a power cut: WAL with synchronous=FULL. A 64 MiB page cache and memory-mapped
    /// reads keep the event indexes (random ids) in memory instead of re-reading their pages for each
    /// insert, and checkpointing every 10,000 WAL pages rather than 1,000 copies a page dirtied by many
    /// batches back into the database once. The WAL file is cut back to <see cref="WalLimit"/> after a
    /// checkpoint, so a burst of writes does not leave it large.
    /// </summary>
    public DbConnection OpenWriter()
    {
        var connection = Open();
        if (!IsPostgres) connection.Execute($"PRAGMA synchronous = FULL; PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456; PRAGMA wal_autocheckpoint = 10000; PRAGMA journal_size_limit = {WalLimit};");
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
        if (IsPostgres)
        {
            MigratePostgres();
            return;
        }
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        // Only takes effect on a database with no tables yet; an existing one keeps its mode until the VACUUM below.
        connection.Execute("PRAGMA auto_vacuum = INCREMENTAL;");
        connection.Execute("PRAGMA journal_mode = WAL;");
        connection.CreateFunction(KeyHash.SqlFunction, (string key) => KeyHash.Of(key), isDeterministic: true);
        connection.Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);");
        var applied = connection.Query<int>("SELECT version FROM schema_version").ToHashSet();

        var sqlSteps = Migrations().ToDictionary(m => m.Version, m => m.Sql);
        var codeSteps = _codeMigrations.ToLookup(m => m.Version);
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

    /// <summary>
    /// Applies the PostgreSQL migrations not yet applied, each in its transaction. An advisory lock keeps
    /// two instances starting at once from applying the same step twice.
    /// </summary>
    private void MigratePostgres()
    {
        using var connection = Open();
        connection.Execute("SELECT pg_advisory_lock(@key)", new { key = MigrationLock });
        try
        {
            connection.Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL);");
            var applied = connection.Query<int>("SELECT version FROM schema_version").ToHashSet();
            foreach (var (version, sql) in Migrations(DatabaseProvider.Postgres).Where(m => !applied.Contains(m.Version)))
            {
                using var transaction = connection.BeginTransaction();
                connection.Execute(sql, transaction: transaction);
                connection.Execute(
                    "INSERT INTO schema_version (version, applied_at) VALUES (@version, @now)",
                    new { version, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, transaction);
                transaction.Commit();
            }
        }
        finally
        {
            connection.Execute("SELECT pg_advisory_unlock(@key)", new { key = MigrationLock });
        }
        // Types the migrations made (citext) are unknown to connections opened before them.
        ((NpgsqlConnection)connection).ReloadTypes();
    }

    private const long MigrationLock = 0x57415A5A41500002;

    /// <summary><c>PRAGMA auto_vacuum</c>'s value for INCREMENTAL.</summary>
    private const long IncrementalVacuum = 2;

    /// <summary>Where the fleet is stored, for the logs: the SQLite file, or the PostgreSQL server and database (never a password).</summary>
    public string Location
    {
        get
        {
            if (!IsPostgres) return FilePath ?? ":memory:";
            var server = new NpgsqlConnectionStringBuilder(ConnectionString);
            return $"PostgreSQL database {server.Database} on {server.Host}:{server.Port}";
        }
    }

    /// <summary>The database file's path; null for an in-memory or PostgreSQL database.</summary>
    public string? FilePath
    {
        get
        {
            if (IsPostgres) return null;
            var source = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            return source is "" or ":memory:" ? null : Path.GetFullPath(source);
        }
    }

    /// <summary>Embedded Storage/Migrations/{provider}/NNN_name.sql files, in version order.</summary>
    internal static IEnumerable<(int Version, string Sql)> Migrations(DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var prefix = $"WazzapDashboard.Storage.Migrations.{provider}.";
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
