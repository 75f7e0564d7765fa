using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Tests.Infrastructure;

/// <summary>
/// The engine the tests store the fleet on: SQLite files, or PostgreSQL databases when the environment
/// variable <c>WAZZAP_TEST_PROVIDER</c> is <c>Postgres</c> (README's test command runs the store,
/// ingestion, live and alerts tests that way too). A test names its database by an id: a temporary file
/// path on SQLite, a fresh database's name on PostgreSQL, made on the server named by
/// <c>WAZZAP_TEST_POSTGRES</c> (by default the local server's socket, as the user running the tests).
/// The rest follows from the id, so a test of several instances can ask for PostgreSQL whatever the run's engine.
/// </summary>
public static class TestStore
{
    public static DatabaseProvider Provider { get; } =
        Enum.Parse<DatabaseProvider>(Environment.GetEnvironmentVariable("WAZZAP_TEST_PROVIDER") is { Length: > 0 } p ? p : "Sqlite", ignoreCase: true);

    public static bool IsPostgres => Provider == DatabaseProvider.Postgres;

    private static readonly string Server = Environment.GetEnvironmentVariable("WAZZAP_TEST_POSTGRES") is { Length: > 0 } server
        ? server
        : $"Host=/var/run/postgresql;Username={Environment.UserName};Database=postgres";

    /// <summary>A new, empty database's id, on the run's engine unless <paramref name="provider"/> says otherwise.</summary>
    public static string NewDatabase(DatabaseProvider? provider = null)
    {
        if ((provider ?? Provider) == DatabaseProvider.Sqlite) return Path.Combine(Path.GetTempPath(), $"wazzap-test-{Guid.NewGuid():N}.db");
        var name = $"wazzap_test_{Guid.NewGuid():N}";
        using var connection = new NpgsqlConnection(Server);
        connection.Open();
        connection.Execute($"CREATE DATABASE {name}");
        return name;
    }

    /// <summary>A SQLite id is a file's full path, a PostgreSQL one a bare name.</summary>
    public static DatabaseProvider ProviderOf(string id) => Path.IsPathRooted(id) ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;

    public static string ConnectionString(string id) => ProviderOf(id) == DatabaseProvider.Postgres
        ? new NpgsqlConnectionStringBuilder(Server) { Database = id }.ToString()
        : $"Data Source={id}";

    /// <summary>The settings that point the app at <paramref name="id"/>.</summary>
    public static Dictionary<string, string?> Settings(string id) => new()
    {
        ["Database:Provider"] = ProviderOf(id).ToString(),
        ["ConnectionStrings:Fleet"] = ConnectionString(id),
    };

    /// <summary>The database <paramref name="id"/>, migrated.</summary>
    public static Database Database(string id)
    {
        var database = new Database(ConnectionString(id), provider: ProviderOf(id));
        database.Migrate();
        return database;
    }

    public static DbConnection Open(string id)
    {
        DbConnection connection = ProviderOf(id) == DatabaseProvider.Postgres ? new NpgsqlConnection(ConnectionString(id)) : new SqliteConnection(ConnectionString(id));
        connection.Open();
        return connection;
    }

    public static void Delete(string id)
    {
        if (ProviderOf(id) == DatabaseProvider.Postgres)
        {
            using var connection = new NpgsqlConnection(Server);
            connection.Open();
            connection.Execute($"DROP DATABASE IF EXISTS {id} WITH (FORCE)");
            return;
        }
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(id + suffix);
    }
}
