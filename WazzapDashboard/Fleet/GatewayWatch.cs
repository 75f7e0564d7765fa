using System.ComponentModel.DataAnnotations;
using Dapper;
using Microsoft.Extensions.Options;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Fleet;

/// <summary>Section <c>Ingest</c>: when a gateway that usually sends counts as silent.</summary>
public sealed class GatewaySilenceOptions
{
    /// <summary>No delivery from a gateway for this long, while it usually sends, shows a banner and alerts.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan GatewaySilentAfter { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>The gateways whose deliveries are watched, and their names for people.</summary>
public static class Gateways
{
    public static readonly IReadOnlyList<string> Sources = [Fleet.Sources.Wazzapi, Fleet.Sources.Wazzap];

    public static string Name(string source) => source switch
    {
        Fleet.Sources.Wazzapi => "Wazzapi",
        Fleet.Sources.Wazzap => "Wazzap",
        _ => source,
    };
}

/// <summary>A gateway that has gone quiet: no deliveries since <see cref="Since"/>.</summary>
public sealed record SilentGateway(string Source, DateTimeOffset Since)
{
    public string Name => Gateways.Name(Source);
}

/// <summary>
/// Notices when a gateway stops delivering webhooks although it usually sends (a gateway outage, a
/// broken subscription, the dashboard unreachable): every minute, each gateway's last delivery is read
/// from an index, and only when it is older than <c>Ingest:GatewaySilentAfter</c> is its hourly pattern
/// read (<see cref="SilenceRules"/>), once per quiet spell. Cleared at the first check after a delivery.
/// </summary>
public sealed partial class GatewayWatch(
    Database database, TimeProvider time, IOptions<GatewaySilenceOptions> options, ILogger<GatewayWatch> logger) : BackgroundService
{
    public static readonly TimeSpan CheckEvery = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Lock _checking = new();
    private readonly Dictionary<string, (DateTimeOffset Last, TimeSpan? Threshold)> _patterns = [];
    private IReadOnlyList<SilentGateway> _silent = [];
    private event Action? ChangedEvent;

    /// <summary>The gateways silent at the last check.</summary>
    public IReadOnlyList<SilentGateway> Silent
    {
        get { lock (_lock) return _silent; }
    }

    /// <summary>Called (on the watch's thread; hand the work off) whenever <see cref="Silent"/> changes.</summary>
    public IDisposable Subscribe(Action changed)
    {
        ChangedEvent += changed;
        return new Unsubscriber(() => ChangedEvent -= changed);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckEvery, time);
        try
        {
            do
            {
                Check();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One check (the timer's, or a test's at a time of its choosing).</summary>
    public void Check()
    {
        lock (_checking) CheckOnce();
    }

    private void CheckOnce()
    {
        try
        {
            var now = time.GetUtcNow();
            var minimum = options.Value.GatewaySilentAfter;
            var silent = new List<SilentGateway>();
            using var connection = database.Open();
            foreach (var source in Gateways.Sources)
            {
                const string lastSql = "SELECT max(received_at) FROM events WHERE source = @source";
                if (Time.FromMs(connection.ExecuteScalar<long?>(lastSql, new { source })) is not { } last || now - last < minimum) continue;

                if (!_patterns.TryGetValue(source, out var known) || known.Last != last)
                {
                    const string hoursSql = """
                        SELECT DISTINCT received_at / 3600000 FROM events
                        WHERE source = @source AND received_at >= @from
                        """;
                    var hours = connection.Query<long>(hoursSql, new { source, from = (now - SilenceRules.Window).ToUnixTimeMilliseconds() }).ToList();
                    known = (last, SilenceRules.Threshold(hours, minimum));
                    _patterns[source] = known;
                }
                if (known.Threshold is { } threshold && now - last >= threshold) silent.Add(new SilentGateway(source, last));
            }
            Publish(silent);
        }
        catch (Exception ex)
        {
            LogFailed(ex);
        }
    }

    private void Publish(List<SilentGateway> silent)
    {
        lock (_lock)
        {
            if (silent.SequenceEqual(_silent)) return;
            _silent = silent;
        }
        foreach (var gateway in silent) LogSilent(gateway.Name, gateway.Since);
        try
        {
            ChangedEvent?.Invoke();
        }
        catch (Exception ex)
        {
            LogFailed(ex);
        }
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No webhooks from {Gateway} since {Since:u}.")]
    private partial void LogSilent(string gateway, DateTimeOffset since);

    [LoggerMessage(Level = LogLevel.Error, Message = "The gateway silence check failed; the next one tries again.")]
    private partial void LogFailed(Exception ex);
}
