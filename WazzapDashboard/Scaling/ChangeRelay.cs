using System.Text.Json;
using System.Threading.Channels;
using StackExchange.Redis;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Scaling;

/// <summary>
/// Carries each instance's committed changes to the others over Redis pub/sub, and publishes theirs on its
/// own change feed as <see cref="Committed.Elsewhere"/>, so a page open on one instance follows a webhook
/// another took. Only this instance's own commits go out (what came from elsewhere is never sent back), and
/// it skips its own messages when Redis hands them back. Sending never waits: while Redis is away ingestion
/// goes on and the failure is logged once. Each time its listening connection comes back, an instance catches
/// up on what it could not hear meanwhile: it reads the fleet as stored and publishes it as
/// <see cref="Committed.Elsewhere"/> (whoever holds a view with a later event keeps it, <see cref="ViewOrder"/>).
/// </summary>
public sealed class ChangeRelay(ChangeFeed feed, FleetQueries fleet, RedisConnection redis, ILogger<ChangeRelay> logger) : BackgroundService
{
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly RedisChannel _channel = RedisChannel.Literal(redis.Name("changes"));
    private readonly Channel<IReadOnlyList<NumberView>> _outgoing = Channel.CreateUnbounded<IReadOnlyList<NumberView>>(new UnboundedChannelOptions { SingleReader = true });
    private IDisposable? _subscription;
    private ChannelMessageQueue? _queue;
    private int _listening;
    private int _failing;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = feed.Subscribe(Send);
        var multiplexer = redis.Multiplexer;
        // Listening before the app takes requests when Redis is there; once it comes, when it is not.
        multiplexer.ConnectionRestored += (_, e) =>
        {
            _ = Listen();
            if (e.ConnectionType == ConnectionType.Subscription) _ = CatchUp();
        };
        if (multiplexer.IsConnected) await Listen();
        else logger.RedisAway();
        await base.StartAsync(cancellationToken);
    }

    private async Task Listen()
    {
        if (Interlocked.Exchange(ref _listening, 1) == 1) return;
        try
        {
            _queue = await redis.Multiplexer.GetSubscriber().SubscribeAsync(_channel);
            // One message at a time, in the order each instance sent them.
            _queue.OnMessage(message => Receive(message.Message));
        }
        catch (Exception ex)
        {
            logger.ListenFailed(ex);
            Volatile.Write(ref _listening, 0);
        }
    }

    private async Task CatchUp()
    {
        try
        {
            // Answered on the listening connection after the subscriptions it sent again: from then on nothing
            // is missed, so the fleet read after it holds whatever was.
            await redis.Multiplexer.GetSubscriber().PingAsync();
            feed.Publish(fleet.All(), Committed.Elsewhere);
        }
        catch (Exception ex)
        {
            logger.CatchUpFailed(ex);
        }
    }

    /// <summary>On the writer's thread: only hands the batch over.</summary>
    private Task Send(IReadOnlyList<NumberView> changes, Committed where)
    {
        if (where == Committed.Here) _outgoing.Writer.TryWrite(changes);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var changes in _outgoing.Reader.ReadAllAsync(CancellationToken.None))
        {
            // Sent in order without waiting for Redis to answer, so an outage never piles work up here.
            _ = Publish(JsonSerializer.SerializeToUtf8Bytes(new RelayedChanges(_instance, changes), WireNames.Json));
        }
    }

    private async Task Publish(byte[] message)
    {
        try
        {
            await redis.Multiplexer.GetSubscriber().PublishAsync(_channel, message);
            if (Interlocked.Exchange(ref _failing, 0) == 1) logger.SendingAgain();
        }
        catch (Exception ex)
        {
            if (Interlocked.Exchange(ref _failing, 1) == 0) logger.SendFailed(ex);
        }
    }

    private void Receive(RedisValue message)
    {
        try
        {
            var relayed = JsonSerializer.Deserialize<RelayedChanges>((byte[])message!, WireNames.Json);
            if (relayed is null || relayed.From == _instance) return;
            feed.Publish(relayed.Views, Committed.Elsewhere);
        }
        catch (JsonException ex)
        {
            logger.UnreadableMessage(ex);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        _outgoing.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        // Not awaited: with Redis away, an answer would only come at the timeout.
        _queue?.Unsubscribe(CommandFlags.FireAndForget);
    }

}

/// <summary>One instance's batch of committed views, as sent over Redis.</summary>
public sealed record RelayedChanges(string From, IReadOnlyList<NumberView> Views);
