using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Benchmarks;

/// <summary>
/// The throwaway database a run starts the app on: a SQLite file, or a PostgreSQL database made for the
/// run on a server and dropped after it. <see cref="Delete"/> removes it.
/// </summary>
internal sealed class BenchDatabase
{
    private readonly string? _server;

    private BenchDatabase(DatabaseProvider provider, string connectionString, string? server = null)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _server = server;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The default <c>--postgres</c>: the local server's socket, as the user running the benchmark (peer authentication).</summary>
    public static string DefaultServer => $"Host=/var/run/postgresql;Username={Environment.UserName};Database=postgres";

    public static string NewSqlitePath() => Path.Combine(Path.GetTempPath(), $"wazzap-bench-{Guid.NewGuid():N}.db");

    /// <param name="path">An existing file to start on (the history run prefills one), or a new one.</param>
    public static BenchDatabase Sqlite(string? path = null) =>
        new(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = path ?? NewSqlitePath() }.ToString());

    /// <summary>A new, empty database on the PostgreSQL server <paramref name="server"/> (a connection string to its <c>postgres</c> database).</summary>
    public static BenchDatabase Postgres(string server)
    {
        var name = $"wazzap_bench_{Guid.NewGuid():N}";
        Execute(server, $"CREATE DATABASE {name}");
        return new(DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString(), server);
    }

    /// <summary>Throws an <see cref="NpgsqlException"/> unless <paramref name="server"/> answers: before minutes of measuring, not after.</summary>
    public static void CheckServer(string server) => Execute(server, "SELECT 1");

    private string? FilePath => Provider == DatabaseProvider.Sqlite ? new SqliteConnectionStringBuilder(ConnectionString).DataSource : null;

    private string Name => new NpgsqlConnectionStringBuilder(ConnectionString).Database!;

    /// <summary>The app's settings for this database; all instances of a run get the same ones.</summary>
    public IEnumerable<string> AppArguments()
    {
        yield return $"--Database:Provider={Provider}";
        yield return $"--ConnectionStrings:Fleet={ConnectionString}";
        if (FilePath is { } path)
        {
            yield return $"--Backup:Folder={path}-backups";
        }
        else
        {
            // Instances of one database share their data-protection keys, as behind a load balancer.
            yield return $"--DataProtection:KeysFolder={KeysFolder}";
        }
    }

    private string KeysFolder => Path.Combine(Path.GetTempPath(), $"{Name}-keys");

    /// <summary>Rows in the events table: every acknowledged delivery must be one.</summary>
    public long StoredEvents()
    {
        using DbConnection connection = FilePath is { } path
            ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString())
            // Unpooled: the database is dropped at the end, with no idle connection of ours left on it.
            : new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM events";
        return Convert.ToInt64(command.ExecuteScalar());
    }

    /// <summary>
    /// Whether the server's processes can be read here: PostgreSQL on this machine (its socket, or a
    /// loopback address) and a Linux /proc.
    /// </summary>
    public bool ServerIsLocal => Provider == DatabaseProvider.Postgres && OperatingSystem.IsLinux()
        && new NpgsqlConnectionStringBuilder(ConnectionString).Host is { } host
        && (host.StartsWith('/') || host is "localhost" or "127.0.0.1" or "::1");

    /// <summary>
    /// CPU time the PostgreSQL server has used so far for this database: its connections' backends and
    /// the server's background processes (WAL writer, checkpointer, …), which on SQLite is work done
    /// inside the app. Backends of other databases on the server are not counted. Needs <see cref="ServerIsLocal"/>.
    /// </summary>
    public TimeSpan ServerCpu()
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() OR datname IS NULL";
        var ticks = 0L;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            try
            {
                // Fields 14 and 15, user and system time; the command name before them, in parentheses, may hold spaces.
                var stat = File.ReadAllText($"/proc/{reader.GetInt32(0)}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // Ended since the query.
            }
        }
        // /proc counts in USER_HZ, 100 a second on Linux.
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    public void Delete()
    {
        if (FilePath is { } path)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
            if (Directory.Exists(path + "-backups")) Directory.Delete(path + "-backups", recursive: true);
            return;
        }
        Execute(_server!, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        if (Directory.Exists(KeysFolder)) Directory.Delete(KeysFolder, recursive: true);
    }

    private static void Execute(string server, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
