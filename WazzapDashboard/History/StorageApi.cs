using Microsoft.AspNetCore.Http.HttpResults;
using WazzapDashboard.Access;
using WazzapDashboard.Storage;

namespace WazzapDashboard.History;

/// <summary>Retention, backups and the Storage page's figures: admins only.</summary>
public static class StorageApi
{
    public static void AddRetention(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<HistoryOptions>().BindConfiguration("History").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Pruner>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Pruner>());
        builder.Services.AddSingleton<TimelineQueries>();
        builder.Services.AddSingleton<StorageStatus>();
    }

    public static void MapStorageApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireAuthorization(Policies.Admin);

        admin.MapGet("/storage", (StorageStatus status) => TypedResults.Ok(status.Read()));

        admin.MapPost("/backup", async Task<Results<Ok<BackupFile>, ProblemHttpResult>> (Backups backups, CancellationToken cancellationToken) =>
        {
            if (!backups.Supported)
            {
                return TypedResults.Problem("The database is PostgreSQL: back it up with the server's own tools (pg_dump).",
                    statusCode: StatusCodes.Status409Conflict, title: "The app makes no backups of this database");
            }
            try
            {
                return TypedResults.Ok(await backups.BackUpNow(cancellationToken));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                // The folder or the disk, not the request: recorded for the Storage page too.
                return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status500InternalServerError, title: "Backup failed");
            }
        });

        admin.MapPost("/prune", async (Pruner pruner, CancellationToken cancellationToken) => TypedResults.Ok(await pruner.PruneNow(cancellationToken)));
    }
}
