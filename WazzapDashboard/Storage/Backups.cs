using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;

namespace WazzapDashboard.Storage;

/// <summary>Section <c>Backup</c>: online copies of the database.</summary>
public sealed class BackupOptions
{
    /// <summary>Where backups are written; a relative path is relative to the content root.</summary>
    [Required]
    public string Folder { get; set; } = "backups";

    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Backups kept; the oldest beyond this are deleted after each new one.</summary>
    [Range(1, 1_000)]
    public int Keep { get; set; } = 7;
}

/// <summary>A backup made: its file name (in <c>Backup:Folder</c>) and size.</summary>
public sealed record BackupFile(string File, long Bytes);

/// <summary>
/// Every <c>Backup:Interval</c>, or on demand, copies the live database with <c>VACUUM INTO</c>: one read
/// transaction, so the copy is consistent and the writer is never blocked (WAL). The copy is written under a
/// temporary name and renamed when complete, so a file named like a backup is always a whole one. Restoring
/// is copying one back over the database while the app is stopped (README, "Backups"). With several
/// instances, only the holder of the <see cref="Lease"/> lease makes the timed backups, into its own
/// <c>Backup:Folder</c>; one asked for on the Storage page is made where it was asked.
/// </summary>
public sealed partial class Backups(Database database, Leases leases, TimeProvider time, IOptions<BackupOptions> options,
    IHostEnvironment environment, ILogger<Backups> logger) : BackgroundService
{
    public const string Lease = "backup";
    public const string Prefix = "wazzap-";
    public const string Extension = ".db";

    private readonly SemaphoreSlim _running = new(1, 1);

    public string Folder => Path.GetFullPath(options.Value.Folder, environment.ContentRootPath);

    /// <summary>False on PostgreSQL, which the server's own tools back up (README, "Backups").</summary>
    public bool Supported => !database.IsPostgres;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Supported) return;
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        leases.TryHold(Lease); // now, not at the first tick: a standby then takes it over as soon as the holder dies
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!leases.TryHold(Lease)) continue;
                try
                {
                    await BackUpNow(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogBackupFailed(ex); // recorded for the Storage page; the next interval tries again
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>Makes a backup now (after one already running, if any) and drops the oldest beyond <c>Backup:Keep</c>.</summary>
    public async Task<BackupFile> BackUpNow(CancellationToken cancellationToken = default)
    {
        if (!Supported) throw new NotSupportedException("A PostgreSQL database is backed up with the server's tools (pg_dump), not by the app.");
        await _running.WaitAsync(cancellationToken);
        var startedAt = time.GetUtcNow();
        try
        {
            Maintenance.Record(database, Maintenance.Backup, startedAt, null, null);
            Directory.CreateDirectory(Folder);
            var name = Prefix + startedAt.UtcDateTime.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture) + Extension;
            var path = Path.Combine(Folder, name);
            var partial = path + ".partial";
            File.Delete(partial);
            await Task.Run(() =>
            {
                const string sql = "VACUUM INTO @partial";
                using var connection = database.Open();
                connection.Execute(sql, new { partial });
            }, cancellationToken);
            File.Move(partial, path, overwrite: true);

            var made = new BackupFile(name, new FileInfo(path).Length);
            foreach (var old in List().Skip(options.Value.Keep)) File.Delete(Path.Combine(Folder, old.File));
            Maintenance.Record(database, Maintenance.Backup, startedAt, System.Text.Json.JsonSerializer.Serialize(made), null);
            LogBackedUp(name, made.Bytes);
            return made;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Maintenance.Record(database, Maintenance.Backup, startedAt, null, ex.Message);
            throw;
        }
        finally
        {
            _running.Release();
        }
    }

    /// <summary>The backups in the folder, newest first (names sort by time).</summary>
    public IReadOnlyList<BackupFile> List() =>
        Directory.Exists(Folder)
            ? new DirectoryInfo(Folder).GetFiles(Prefix + "*" + Extension)
                .OrderByDescending(f => f.Name, StringComparer.Ordinal)
                .Select(f => new BackupFile(f.Name, f.Length)).ToList()
            : [];

    [LoggerMessage(Level = LogLevel.Information, Message = "Backed up the database to {File} ({Bytes} bytes).")]
    private partial void LogBackedUp(string file, long bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "A backup failed; the next interval tries again.")]
    private partial void LogBackupFailed(Exception ex);
}
