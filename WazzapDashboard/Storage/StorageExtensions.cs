using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WazzapDashboard.Storage;

public static class StorageExtensions
{
    /// <summary>
    /// Registers the database named by <c>ConnectionStrings:Fleet</c>. A relative file path is
    /// anchored to the content root, so the app finds the same file whatever its working directory.
    /// </summary>
    public static void AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(services =>
        {
            var configured = services.GetRequiredService<IConfiguration>().GetConnectionString("Fleet") ?? "Data Source=wazzap.db";
            var connection = new SqliteConnectionStringBuilder(configured);
            if (!Path.IsPathRooted(connection.DataSource) && connection.DataSource != ":memory:")
            {
                connection.DataSource = Path.Combine(services.GetRequiredService<IHostEnvironment>().ContentRootPath, connection.DataSource);
            }

            var database = new Database(connection.ToString());
            database.Migrate();
            return database;
        });
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

        builder.Services.AddOptions<BackupOptions>().BindConfiguration("Backup").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Backups>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Backups>());
    }

    private sealed class DatabaseHealthCheck(Database database) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                using var connection = database.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM schema_version";
                command.ExecuteScalar();
                return Task.FromResult(HealthCheckResult.Healthy());
            }
            catch (SqliteException ex)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("The fleet database cannot be read.", ex));
            }
        }
    }
}
