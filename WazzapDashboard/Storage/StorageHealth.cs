using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace WazzapDashboard.Storage;

/// <summary>
/// Whether the database takes writes. A full disk, an I/O error or a read-only file is an episode: logged
/// once when it starts and once when a write succeeds again, shown on <c>/healthz</c> meanwhile, and
/// answered 503 with Retry-After (see <see cref="StorageFailureHandler"/>), never acknowledged.
/// </summary>
public sealed partial class StorageHealth(TimeProvider time, ILogger<StorageHealth> logger)
{
    private readonly Lock _lock = new();
    private (DateTimeOffset Since, string Reason)? _failing;

    /// <summary>Why writes fail and since when, or null while they succeed.</summary>
    public string? Problem
    {
        get
        {
            lock (_lock) return _failing is { } f ? $"Writes fail since {f.Since:O}: {f.Reason}" : null;
        }
    }

    /// <summary>Errors that say the storage, not the statement, is at fault: retrying later can succeed.</summary>
    public static bool IsStorageFailure(Exception ex) => ex switch
    {
        SqliteException sqlite => (sqlite.SqliteErrorCode & 0xFF) is
            5 /* BUSY */ or 6 /* LOCKED */ or 7 /* NOMEM */ or 8 /* READONLY */ or 10 /* IOERR */ or 11 /* CORRUPT */
            or 13 /* FULL */ or 14 /* CANTOPEN */ or 15 /* PROTOCOL */ or 26 /* NOTADB */,
        // The server is unreachable, shutting down, out of disk or memory (class 53), or failed itself (58).
        PostgresException postgres => postgres.IsTransient || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("58", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };

    public void Failed(Exception ex)
    {
        var reason = ex.Message;
        lock (_lock)
        {
            if (_failing is not null) return;
            _failing = (time.GetUtcNow(), reason);
        }
        LogFailing(reason, ex);
    }

    /// <summary>A write committed: ends an episode.</summary>
    public void Succeeded()
    {
        DateTimeOffset since;
        lock (_lock)
        {
            if (_failing is not { } f) return;
            since = f.Since;
            _failing = null;
        }
        LogRecovered(time.GetUtcNow() - since);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The fleet database refuses writes: {Reason} Deliveries and API writes are answered 503 until it recovers.")]
    private partial void LogFailing(string reason, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "The fleet database takes writes again, after {Duration}.")]
    private partial void LogRecovered(TimeSpan duration);
}

/// <summary>A storage failure anywhere in a request: 503 with Retry-After as problem+json, so the sender retries.</summary>
public sealed class StorageFailureHandler(StorageHealth health, IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!StorageHealth.IsStorageFailure(exception)) return false;
        health.Failed(exception);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "30";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Storage unavailable",
                Detail = "The database cannot take writes right now (disk full or unwritable); nothing was stored. Retry later.",
            },
        });
    }
}
