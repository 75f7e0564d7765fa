using Dapper;
using System.Data.Common;
using Microsoft.Extensions.Options;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Fleet;

/// <summary>
/// The linked-device expiry arrives with no webhook: the phone just sits in a drawer. At start-up and every
/// <see cref="FleetOptions.RiskCheckInterval"/>, this pushes through the change feed every number whose
/// <c>atRisk</c>, <c>expired</c> or whole-day <c>daysUntilExpiry</c> moved since the previous pass.
///
/// Each pass covers the time since the previous one ended (kept in the database, so a restart pushes what
/// changed while the app was down): risk only ever moves one way as time passes, so a number changed in
/// the window exactly when its risk at the window's start differs from its risk at its end. Risk moves only
/// at whole days after the phone was seen, so one query reads just the connected numbers that passed such
/// a day in the window (all of them once the window is a day long), and the rules decide.
/// Passes run on the writer's thread, so they never publish a view older than one a webhook just published.
/// With several instances, only the holder of the <see cref="Lease"/> lease makes passes.
/// </summary>
public sealed partial class RiskMonitor(
    FleetWriter writer, Leases leases, TimeProvider time, IOptions<FleetOptions> options, IHostApplicationLifetime lifetime,
    ILogger<RiskMonitor> logger) : BackgroundService
{
    public const string Lease = "risk";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A database that has never had a pass starts its first window now, not at the first pass.
        var startedAt = time.GetUtcNow();
        using var timer = new PeriodicTimer(options.Value.RiskCheckInterval, time);
        try
        {
            // Let every hosted service subscribe to the feed before the start-up pass publishes.
            await lifetime.WhenStarted(stoppingToken);
            do
            {
                if (leases.TryHold(Lease)) await Check(startedAt);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task Check(DateTimeOffset startedAt)
    {
        if (writer.TryRun((connection, transaction) => Pass(connection, transaction, startedAt)) is not { } pass)
        {
            LogSkipped(); // the window simply grows until the next pass
            return;
        }
        try
        {
            var pushed = await pass;
            if (pushed > 0) LogPushed(pushed);
        }
        catch (Exception ex) when (!StorageHealth.IsStorageFailure(ex))
        {
            LogFailed(ex);
        }
        catch (Exception)
        {
            // A full or unwritable disk is logged once for the episode by StorageHealth; the next pass retries.
        }
    }

    private (int, IReadOnlyList<NumberView>) Pass(DbConnection connection, DbTransaction transaction, DateTimeOffset startedAt)
    {
        const string lastPass = "SELECT evaluated_at FROM risk_checkpoint WHERE id = 1";
        var from = Time.FromMs(connection.QuerySingleOrDefault<long?>(lastPass, transaction: transaction)) ?? startedAt;
        var now = time.GetUtcNow();
        var fleet = options.Value;

        var changes = new List<NumberView>();
        if (from < now)
        {
            const string sql = NumberRow.Select + """

                WHERE n.status = @connected AND n.phone_last_seen_at IS NOT NULL AND n.removed_at IS NULL
                  AND (@window >= @day OR (@now - n.phone_last_seen_at) % @day <= @window)
                """;
            var args = new
            {
                connected = NumberStatus.Connected.ToWire(),
                now = now.ToUnixTimeMilliseconds(),
                window = (long)(now - from).TotalMilliseconds,
                day = (long)TimeSpan.FromDays(1).TotalMilliseconds,
            };
            foreach (var row in connection.Query<NumberRow>(sql, args, transaction))
            {
                var state = row.ToState();
                if (RiskRules.Evaluate(state.Status, state.PhoneLastSeenAt, from, fleet) != RiskRules.Evaluate(state.Status, state.PhoneLastSeenAt, now, fleet))
                {
                    changes.Add(NumberView.From(state, now, fleet));
                }
            }
        }

        const string save = """
            INSERT INTO risk_checkpoint (id, evaluated_at) VALUES (1, @now)
            ON CONFLICT (id) DO UPDATE SET evaluated_at = excluded.evaluated_at
            """;
        connection.Execute(save, new { now = now.ToUnixTimeMilliseconds() }, transaction);
        return (changes.Count, changes);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Risk pass pushed {Count} numbers that crossed a line.")]
    private partial void LogPushed(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Risk pass skipped: the write queue is full or the app is stopping.")]
    private partial void LogSkipped();

    [LoggerMessage(Level = LogLevel.Error, Message = "Risk pass failed; the next one covers its time too.")]
    private partial void LogFailed(Exception ex);
}
