using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;

namespace WazzapDashboard.Storage;

/// <summary>Section <c>Instance</c>: this instance among others that share its database.</summary>
public sealed class InstanceOptions
{
    /// <summary>This instance's name as a lease holder; unset, each start makes up its own (machine name and a random suffix).</summary>
    [Required, MaxLength(200)]
    public string Name { get; set; } = $"{Environment.MachineName}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>How long a lease lasts unrenewed: a dead holder's jobs move this long after its last renewal, and a third more at most.</summary>
    [Range(typeof(TimeSpan), "00:00:03", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Leases kept in the database (table <c>leases</c>), for the jobs that must run on one instance at a time
/// when several share the database. Each pass of such a job first calls <see cref="TryHold"/> and runs only
/// when it answers true; on a single instance it always does. Every third of a lease this service renews the
/// leases it holds and tries again for those it waits for, so the holder keeps them however seldom its jobs
/// run (a long pass included), and a standby takes them over within a lease and a third of the holder's last
/// renewal. On stop it releases what it holds, for another instance to take at its next try.
/// </summary>
/// <remarks>
/// Registered before every job, so it stops after them. A renewal is one statement on its own connection:
/// never call <see cref="TryHold"/> inside another transaction (the single writer's included), whose write
/// lock it would wait for.
/// </remarks>
public sealed partial class Leases(Database database, TimeProvider time, IOptions<InstanceOptions> options, ILogger<Leases> logger)
    : BackgroundService
{
    private readonly TimeSpan _duration = options.Value.LeaseDuration;

    /// <summary>Every lease asked for, and until when it is ours by this instance's clock.</summary>
    private readonly ConcurrentDictionary<string, Held> _leases = new();

    private readonly CancellationTokenSource _stopping = new();
    private Task? _nextRenewal;

    /// <summary>This instance's name in <c>leases.holder</c>.</summary>
    public string Holder { get; } = options.Value.Name;

    /// <summary>Takes the lease <paramref name="name"/> when it is free or expired, or renews it when ours; true while it is ours.</summary>
    public bool TryHold(string name)
    {
        var now = time.GetUtcNow();
        var held = _leases.GetOrAdd(name, Held.No);
        // Renewed less than half a lease ago: no statement needed.
        return (held.Ours && held.Until - now > _duration / 2) || Renew(name, held, now);
    }

    /// <summary>Gives up every lease this instance holds, so that others take them over at once.</summary>
    public void Release()
    {
        const string sql = "DELETE FROM leases WHERE holder = @holder";
        // Nothing asked for (or already released: a host may stop its services twice, the second time
        // after it has disposed the database).
        if (_leases.IsEmpty) return;
        try
        {
            using var connection = database.Open();
            connection.Execute(sql, new { holder = Holder });
            _leases.Clear();
        }
        catch (DbException ex)
        {
            LogReleaseFailed(ex); // they expire by themselves
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Here rather than in ExecuteAsync, which runs later on the pool: the first renewal is due a third of a lease after the start.
        _nextRenewal = NextRenewal();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var stopping = stoppingToken.Register(_stopping.Cancel);
            while (true)
            {
                await _nextRenewal!;
                _nextRenewal = NextRenewal();
                foreach (var (name, held) in _leases) Renew(name, held, time.GetUtcNow());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Release();
    }

    public override void Dispose()
    {
        _stopping.Dispose();
        base.Dispose();
    }

    /// <summary>
    /// A third of a lease from now. One delay at a time, not a periodic timer: when the clock jumps (a
    /// suspended machine, a test's fake clock moved by months) the leases are renewed once, not once for
    /// every period the jump passed over.
    /// </summary>
    private Task NextRenewal() => Task.Delay(_duration / 3, time, _stopping.Token);

    private bool Renew(string name, Held was, DateTimeOffset now)
    {
        // Inserted when new, taken over when expired, renewed when ours; left alone while another instance holds it.
        const string sql = """
            INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @expiresAt)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE leases.holder = excluded.holder OR leases.expires_at <= @now
            """;
        var until = now + _duration;
        bool ours;
        try
        {
            using var connection = database.Open();
            ours = connection.Execute(sql, new { name, holder = Holder, expiresAt = until.ToUnixTimeMilliseconds(), now = now.ToUnixTimeMilliseconds() }) == 1;
        }
        catch (DbException ex)
        {
            // Nobody can take it before it expires: keep running until then, and try again meanwhile.
            if (was.Ours) LogRenewFailed(name, was.Until, ex);
            return was.Ours && was.Until > now;
        }

        _leases[name] = ours ? new Held(true, until) : Held.No;
        if (ours && !was.Ours) LogTaken(name, Holder);
        if (!ours && was.Ours) LogLost(name);
        return ours;
    }

    private readonly record struct Held(bool Ours, DateTimeOffset Until)
    {
        public static readonly Held No = new(false, DateTimeOffset.MinValue);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This instance ({Holder}) now runs {Lease}.")]
    private partial void LogTaken(string lease, string holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Another instance took over {Lease}; this one stops running it.")]
    private partial void LogLost(string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease on {Lease}; it stays this instance's until {Until:u}.")]
    private partial void LogRenewFailed(string lease, DateTimeOffset until, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release this instance's leases; other instances take them over once they expire.")]
    private partial void LogReleaseFailed(Exception ex);
}
