using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WazzapDashboard.Storage;

public static class StorageExtensions
{
    /// <summary>
    /// Registers the database named by <c>ConnectionStrings:Fleet</c> on <c>Database:Provider</c>
    /// (SQLite unless set). A relative SQLite file path is anchored to the content root, so the app finds
    /// the same file whatever its working directory.
    /// </summary>
    public static void AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(services =>
        {
            var configuration = services.GetRequiredService<IConfiguration>();
            var provider = configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
            var configured = configuration.GetConnectionString("Fleet");
            if (provider == DatabaseProvider.Postgres)
            {
                var postgres = new Database(configured ?? throw new InvalidOperationException(
                    "Database:Provider is Postgres: set ConnectionStrings:Fleet to the PostgreSQL connection string."), provider: provider);
                postgres.Migrate();
                return postgres;
            }
            var connection = new SqliteConnectionStringBuilder(configured ?? "Data Source=wazzap.db");
            if (!Path.IsPathRooted(connection.DataSource) && connection.DataSource != ":memory:")
            {
                connection.DataSource = Path.Combine(services.GetRequiredService<IHostEnvironment>().ContentRootPath, connection.DataSource);
            }

            var database = new Database(connection.ToString(), services.GetServices<CodeMigration>());
            database.Migrate();
            return database;
        });
        builder.Services.AddSingleton<StorageHealth>();
        builder.Services.AddExceptionHandler<StorageFailureHandler>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        // StorageHealth logs a failing database once per episode; the health service would log every probe.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical);

        // Before every job: hosted services stop in reverse order, so the leases are released after the jobs end.
        builder.Services.AddOptions<InstanceOptions>().BindConfiguration("Instance").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Leases>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Leases>());

        builder.Services.AddOptions<BackupOptions>().BindConfiguration("Backup").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Backups>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Backups>());
    }

    /// <summary><c>/healthz</c>: the status as plain text, followed by the reason when it is not healthy.</summary>
    public static readonly HealthCheckOptions HealthAnswer = new()
    {
        ResponseWriter = (context, report) =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            var reasons = report.Entries.Values.Select(e => e.Description).Where(d => !string.IsNullOrEmpty(d));
            return context.Response.WriteAsync(report.Status == HealthStatus.Healthy
                ? report.Status.ToString()
                : $"{report.Status}: {string.Join(" ", reasons)}");
        },
    };

    private sealed class DatabaseHealthCheck(Database database, StorageHealth storage) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (storage.Problem is { } problem) return Task.FromResult(HealthCheckResult.Unhealthy(problem));
            try
            {
                using var connection = database.Open();
                connection.ExecuteScalar("SELECT count(*) FROM schema_version");
                return Task.FromResult(HealthCheckResult.Healthy());
            }
            catch (System.Data.Common.DbException ex)
            {
                storage.Failed(ex);
                return Task.FromResult(HealthCheckResult.Unhealthy("The fleet database cannot be read.", ex));
            }
        }
    }
}
