using Microsoft.Extensions.Options;
using WazzapDashboard.Alerts.Channels;
using WazzapDashboard.Fleet;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Alerts;

/// <summary>
/// Delivers the outbox and the relays. Each outcome is written to SQLite before the next attempt, so
/// a restart resumes with the same attempt counts and next-attempt times. Within one attempt the
/// HTTP channels retry briefly through the resilience pipeline; between attempts the outbox backs off
/// (<see cref="DeliveryOptions.Backoff"/>). Delivery is at least once: a crash between a send and its
/// record sends it again, with the same delivery id. With several instances, only the holder of the
/// alerts' lease (<see cref="AlertEngine.Lease"/>) sends.
/// </summary>
public sealed class AlertSender(
    Outbox outbox,
    RelayQueue relays,
    AlertSettings settings,
    ChannelSender channels,
    FleetQueries fleet,
    ChangeFeed feed,
    AlertActivity activity,
    AlertMetrics metrics,
    Leases leases,
    IOptions<AlertsOptions> options,
    IOptions<FleetOptions> fleetOptions,
    TimeProvider time,
    ILogger<AlertSender> logger) : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private const int Batch = 100;

    private readonly Passes _passes = new();
    private IDisposable? _subscription;
    private string? _relaying; // the relaying channels last synced, null before the first sync
    private volatile bool _standby; // another instance sends: its own ticks are enough to notice taking over

    /// <summary>Asks for a pass now rather than at the next tick.</summary>
    public void Wake() => _passes.Wake();

    /// <summary>Wakes the sender; completes once a pass begun after this call has ended.</summary>
    public Task NextPass() => _passes.Next();

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Relays configured in appsettings queue events from the first delivery after start-up.
        SyncRelays(settings.Channels());
        _subscription = feed.Subscribe(_ =>
        {
            if (_relaying is { Length: > 0 } && !_standby) Wake();
            return Task.CompletedTask;
        });
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            // The next pass is due a tick after this one starts: a clock that moves on during the pass
            // (a retry falling due) is then never missed.
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var tick = Task.Delay(Tick, time, wait.Token);
            var more = false;
            var pass = _passes.Begin();
            try
            {
                _standby = !leases.TryHold(AlertEngine.Lease);
                if (!_standby)
                {
                    var channelList = settings.Channels();
                    var delivered = await SendDue(channelList, stoppingToken);
                    var relayed = await Relay(channelList, stoppingToken);
                    more = delivered.More || relayed.More;
                    if (delivered.Worked || relayed.Worked) activity.Notify();
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.SenderFailed(ex);
            }
            finally
            {
                pass.TrySetResult();
            }
            if (!more) await Task.WhenAny(_passes.Woken(wait.Token), tick);
            await wait.CancelAsync();
        }
    }

    /// <summary>"Send test" on the page: straight to the channel, bypassing rules and outbox; the error, or null.</summary>
    public async Task<string?> SendTest(AlertChannel channel, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var message = Messages.Test(channel.Name, new MessageContext(channel.Zone(time.LocalTimeZone), now, options.Value.IncidentThreshold, fleetOptions.Value.ExpiryDays, Culture: channel.Culture));
        try
        {
            await channels.Send(channel, new Outgoing($"test-{now.ToUnixTimeMilliseconds()}", message.Kind, message.Title, message.Text, message.Body), cancellationToken);
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return ChannelSender.Describe(ex);
        }
    }

    private async Task<(bool Worked, bool More)> SendDue(IReadOnlyList<AlertChannel> channelList, CancellationToken stoppingToken)
    {
        var due = outbox.Due(time.GetUtcNow(), Batch);
        if (due.Count == 0) return (false, false);

        var delivery = options.Value.Delivery;
        var byName = channelList.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var failed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in due)
        {
            if (failed.Contains(entry.Channel)) continue;
            if (!byName.TryGetValue(entry.Channel, out var channel))
            {
                outbox.GiveUp(entry.Id, "The channel no longer exists.", time.GetUtcNow());
                continue;
            }
            try
            {
                await channels.Send(channel, new Outgoing(entry.DeliveryId, "alert", entry.Title, entry.Text, entry.Body), stoppingToken);
                outbox.MarkSent(entry.Id, time.GetUtcNow());
                metrics.Attempted(channel.Name, "sent");
                logger.Delivered(entry.Id, channel.Name, entry.Attempts + 1);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                var attempts = entry.Attempts + 1;
                var error = ChannelSender.Describe(ex);
                var giveUp = now - entry.CreatedAt >= delivery.GiveUpAfter;
                var next = now + delivery.Backoff(attempts);
                outbox.MarkFailed(entry, error, now, next, giveUp);
                metrics.Attempted(channel.Name, giveUp ? "gave_up" : "failed");
                failed.Add(entry.Channel);
                if (giveUp) logger.GaveUp(entry.Id, channel.Name, attempts, error);
                else logger.DeliveryFailed(entry.Id, channel.Name, attempts, next, error);
            }
        }
        return (true, due.Count == Batch && failed.Count == 0);
    }

    private async Task<(bool Worked, bool More)> Relay(IReadOnlyList<AlertChannel> channelList, CancellationToken stoppingToken)
    {
        var relaying = channelList.Where(c => c.Relays).ToList();
        SyncRelays(channelList);
        if (relaying.Count == 0) return (false, false);

        var cursors = relays.Cursors(withBacklog: false).ToDictionary(c => c.Channel, StringComparer.OrdinalIgnoreCase);
        var worked = false;
        var more = false;
        foreach (var channel in relaying)
        {
            if (!cursors.TryGetValue(channel.Name, out var cursor) || cursor.NextAttemptAt > time.GetUtcNow()) continue;
            var batch = relays.After(cursor.LastSeq, Batch);
            if (batch.Count == 0) continue;

            var last = cursor.LastSeq;
            var sent = 0;
            string? error = null;
            var numbers = new Dictionary<string, NumberView?>();
            foreach (var item in batch)
            {
                if (item.EventId is null || (channel.Relay == RelayMode.Status && item.Status is null))
                {
                    last = item.Seq;
                    continue;
                }
                NumberView? number = null;
                if (item.Phone is { } phone && !numbers.TryGetValue(phone, out number)) numbers[phone] = number = fleet.Find(phone);
                var body = RelayQueue.Body(item, number);
                try
                {
                    await channels.Send(channel, new Outgoing($"event-{item.EventId}", RelayQueue.EventKind, "", "", body), stoppingToken);
                    last = item.Seq;
                    sent++;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    error = ChannelSender.Describe(ex);
                    break;
                }
            }

            var now = time.GetUtcNow();
            DateTimeOffset? next = error is null ? null : now + options.Value.Delivery.Backoff(cursor.Attempts + 1);
            relays.Record(channel.Name, last, sent > 0, error, now, next);
            worked = true;
            if (error is not null) logger.RelayFailed(channel.Name, next!.Value, error);
            else
            {
                logger.Relayed(sent, channel.Name);
                more |= batch.Count == Batch;
            }
        }
        if (worked) relays.Prune();
        return (worked, more);
    }

    /// <summary>Relay cursors follow the channels; written only when the set of relaying channels changes.</summary>
    private void SyncRelays(IReadOnlyList<AlertChannel> channelList)
    {
        var names = channelList.Where(c => c.Relays).Select(c => c.Name).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var key = string.Join("\n", names);
        if (key == _relaying) return;
        relays.Sync(names);
        _relaying = key;
    }
}
