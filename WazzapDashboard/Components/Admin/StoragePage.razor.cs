using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using WazzapDashboard.History;
using WazzapDashboard.Localization;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Components.Admin;

/// <summary>Admins see how big the database is, what it keeps, and when it was last pruned and backed up.</summary>
public partial class StoragePage
{
    /// <summary>SQLite's default page size, which the app never changes.</summary>
    private const long PageSize = 4096;

    [Inject] public required StorageStatus Status { get; init; }
    [Inject] public required Pruner Pruner { get; init; }
    [Inject] public required Backups Backups { get; init; }
    [Inject] public required IOptions<HistoryOptions> Retention { get; init; }
    [Inject] public required IOptions<BackupOptions> Backup { get; init; }

    [CascadingParameter] public Viewer Viewer { get; set; } = Viewer.Utc;

    private StorageReport? _report;
    private bool _busy;
    private (Severity Severity, string Text)? _message;

    public StorageReport? Report => _report;

    protected override void OnInitialized() => _report = Status.Read();

    private void Refresh() => _report = Status.Read();

    public Task Prune() => Act(async () =>
    {
        var done = await Pruner.PruneNow();
        return L["Storage_PrunedNow", done.Rows, done.Took.TotalSeconds];
    });

    public Task BackUp() => Act(async () =>
    {
        var made = await Backups.BackUpNow();
        return L["Storage_BackedUp", made.File, Size(made.Bytes)];
    });

    private async Task Act(Func<Task<string>> action)
    {
        _busy = true;
        try
        {
            _message = (Severity.Success, await action());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            _message = (Severity.Error, ex.Message); // also recorded, and shown under the task below
        }
        finally
        {
            _busy = false;
            _report = Status.Read();
        }
    }

    private static PruneReport? PruneDetail(MaintenanceRun run) =>
        run.Detail is { } json ? JsonSerializer.Deserialize<PruneReport>(json) : null;

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Format(CultureInfo.CurrentCulture, "{0} B", bytes),
        < 1024 * 1024 => string.Format(CultureInfo.CurrentCulture, "{0:N1} KiB", bytes / 1024.0),
        < 1024L * 1024 * 1024 => string.Format(CultureInfo.CurrentCulture, "{0:N1} MiB", bytes / (1024.0 * 1024)),
        _ => string.Format(CultureInfo.CurrentCulture, "{0:N2} GiB", bytes / (1024.0 * 1024 * 1024)),
    };
}
