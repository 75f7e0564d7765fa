using System.Threading.Channels;
using Dapper;
using System.Data.Common;
using Microsoft.Extensions.Options;
using WazzapDashboard.Fleet;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Alerts;

/// <summary>
/// Turns committed changes into messages in the outbox: noise rules per number, routing per rule,
/// grouping per channel. Changes arrive from the change feed: webhooks, actions, and the risk
/// monitor's pushes when a number crosses the at-risk or expiry line. A reconcile of the whole fleet at
/// start-up, and after a failed pass, catches what the feed could not carry (a crash between a commit
/// and this pass). Each pass is one transaction, so a change is remembered, routed and grouped
/// together or not at all. With several instances, only the holder of the <see cref="Lease"/> lease makes
/// passes (the sender too); the others let the changes go, and reconcile once they take it over. A change
/// another instance committed is taken only when <see cref="ViewOrder.Replaces"/> the number's latest view
/// taken: two instances' changes arrive interleaved, and an older one taken after a newer one would read as a
/// drop or a recovery that did not happen.
/// </summary>
public sealed class AlertEngine(
    Database database,
    ChangeFeed feed,
    FleetQueries fleet,
    AlertSettings settings,
    AlertSender sender,
    Outbox outbox,
    AlertActivity activity,
    GatewayWatch gateways,
    Leases leases,
    IOptions<AlertsOptions> options,
    IOptions<FleetOptions> fleetOptions,
    TimeProvider time,
    ILogger<AlertEngine> logger) : BackgroundService
{
    /// <summary>The lease of the engine and the sender: they run on the same instance, which wakes its sender when it queues.</summary>
    public const string Lease = "alerts";

    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    private static readonly TimeSpan KeepSent = TimeSpan.FromDays(30);

    private readonly Channel<(NumberView View, Committed Where)> _changes =
        Channel.CreateUnbounded<(NumberView, Committed)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, NumberView> _latest = []; // each number's latest view taken, read and written by passes only
    private readonly Passes _passes = new();
    private Dictionary<string, NumberAlertState>? _states;
    private IDisposable? _subscription;
    private bool _reconcile = true;
    private volatile bool _standby;
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;
    private DateTimeOffset _nextFlush = DateTimeOffset.MinValue;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribe before the first reconcile reads the fleet, so no change falls between the two.
        _subscription = feed.Subscribe((views, where) =>
        {
            // On standby the changes wait in the database for the reconcile that taking over begins with.
            if (_standby) return Task.CompletedTask;
            foreach (var view in views) _changes.Writer.TryWrite((view, where));
            return Task.CompletedTask;
        });
        return base.StartAsync(cancellationToken);
    }

    /// <summary>Runs a pass now, without waiting for a change or the tick; completes once a pass begun after this call has ended.</summary>
    public Task NextPass() => _passes.Next();

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
            // The next pass is due a tick after this one starts, so time moving on during a pass is never missed.
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var tick = Task.Delay(Tick, time, wait.Token);
            var pass = _passes.Begin();
            try
            {
                if (leases.TryHold(Lease))
                {
                    _standby = false;
                    _states ??= LoadStates();
                    Pass(_states, time.GetUtcNow());
                }
                else
                {
                    Standby();
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.PassFailed(ex);
                _states = null; // reload what was committed, and look again at the changes that pass dropped
                _reconcile = true;
            }
            finally
            {
                pass.TrySetResult();
            }
            await Task.WhenAny(_changes.Reader.WaitToReadAsync(wait.Token).AsTask(), _passes.Woken(wait.Token), tick);
            await wait.CancelAsync();
        }
    }

    /// <summary>Another instance runs the alerts: let the changes go, and reload and reconcile on taking over.</summary>
    private void Standby()
    {
        _standby = true;
        while (_changes.Reader.TryRead(out _))
        {
        }
        _states = null;
        _latest.Clear();
        _reconcile = true;
    }

    private void Pass(Dictionary<string, NumberAlertState> states, DateTimeOffset now)
    {
        var o = options.Value;
        // In order and not coalesced: a drop and its recovery in one burst must both be seen. The
        // reconcile's snapshot comes last, being at least as new as every change already published.
        var views = new List<NumberView>();
        while (_changes.Reader.TryRead(out var change))
        {
            var (view, where) = change;
            if (where == Committed.Elsewhere && _latest.TryGetValue(view.Phone, out var held) && !ViewOrder.Replaces(view, held)) continue;
            _latest[view.Phone] = view;
            if (view.RemovedAt is null) views.Add(view); // a number leaving the roster is not an alert
        }
        if (_reconcile)
        {
            foreach (var view in fleet.All())
            {
                _latest[view.Phone] = view;
                views.Add(view);
            }
            _reconcile = false;
        }
        if (now >= _nextPrune)
        {
            outbox.Prune(now, KeepSent);
            _nextPrune = now + PruneEvery;
        }

        // Recoveries that have held for the flap window, and drops that have outlasted the grace, on
        // numbers that have sent nothing since.
        var seen = views.Select(v => v.Phone).ToHashSet();
        foreach (var state in states.Values)
        {
            var due = (state.Condition == Condition.Recovering && now - state.RecoveredAt >= o.FlapWindow)
                || (state.Condition == Condition.Dropping && now - state.Since >= o.DisconnectGrace);
            if (due && !seen.Contains(state.Phone) && fleet.Find(state.Phone) is { RemovedAt: null } view)
            {
                views.Add(view);
            }
        }

        var updates = new Dictionary<string, NumberAlertState>();
        var routed = new List<(string Channel, Transition Change)>();
        IReadOnlyList<AlertRule>? rules = null;
        foreach (var view in views)
        {
            var remembered = updates.GetValueOrDefault(view.Phone) ?? states.GetValueOrDefault(view.Phone);
            var (state, changes) = NoiseRules.Detect(remembered, view, now, o.FlapWindow, o.DisconnectGrace);
            if (state != remembered) updates[view.Phone] = state;
            foreach (var change in changes)
            {
                rules ??= settings.Rules();
                routed.AddRange(Routing.ChannelsFor(change, rules).Select(channel => (channel, change)));
            }
        }

        foreach (var source in Gateways.Sources)
        {
            var key = NoiseRules.GatewayKey(source);
            var remembered = states.GetValueOrDefault(key);
            var (state, change) = NoiseRules.Gateway(remembered, source, gateways.Silent.FirstOrDefault(g => g.Source == source), now);
            if (state is not null && state != remembered) updates[key] = state;
            if (change is not null)
            {
                rules ??= settings.Rules();
                routed.AddRange(Routing.ChannelsFor(change, rules).Select(channel => (channel, change)));
            }
        }

        var flush = routed.Count > 0 || now >= _nextFlush;
        if (updates.Count == 0 && !flush) return;

        var channels = settings.Channels().ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var queued = 0;
        using (var connection = database.Open())
        using (var transaction = connection.BeginTransaction())
        {
            foreach (var state in updates.Values) SaveState(connection, transaction, state);
            foreach (var (channel, change) in routed)
            {
                if (channels.TryGetValue(channel, out var known)) AddPending(connection, transaction, known.Name, change, now);
            }
            if (flush)
            {
                _nextFlush = now + Tick;
                queued = FlushChannels(connection, transaction, channels, now, o);
            }
            transaction.Commit();
        }

        foreach (var (phone, state) in updates) states[phone] = state;
        if (routed.Count > 0) logger.ChangesRouted(routed.Count, updates.Count);
        if (queued > 0) sender.Wake();
        if (queued > 0 || routed.Count > 0) activity.Notify();
    }

    /// <summary>Turns each channel's pending changes into messages once grouping says so; the number of messages queued.</summary>
    private int FlushChannels(DbConnection connection, DbTransaction transaction,
        IReadOnlyDictionary<string, AlertChannel> channels, DateTimeOffset now, AlertsOptions o)
    {
        const string waiting = "SELECT DISTINCT channel FROM alert_pending";
        var queued = 0;
        foreach (var name in connection.Query<string>(waiting, transaction: transaction).ToList())
        {
            if (!channels.TryGetValue(name, out var channel))
            {
                const string orphans = "DELETE FROM alert_pending WHERE channel = @name";
                connection.Execute(orphans, new { name }, transaction);
                continue;
            }

            var pending = LoadPending(connection, transaction, name);
            const string lastIncidentSql = "SELECT max(created_at) FROM alert_outbox WHERE channel = @name AND kind = 'incident'";
            var lastIncident = Time.FromMs(connection.ExecuteScalar<long?>(lastIncidentSql, new { name }, transaction));
            var zone = channel.Zone(time.LocalTimeZone);
            var decision = Grouping.Decide(pending, channel.Quiet, zone, lastIncident, now, o);
            if (decision == Flush.Hold) continue;

            var context = new MessageContext(zone, now, o.IncidentThreshold, fleetOptions.Value.ExpiryDays, o.DashboardUrl, channel.Culture);
            var messages = Messages.Compose(pending, decision, Grouping.IncidentOpen(lastIncident, now, o), context);
            foreach (var message in messages) Outbox.Enqueue(connection, transaction, name, message, now);

            const string done = "DELETE FROM alert_pending WHERE channel = @name AND id <= @last";
            connection.Execute(done, new { name, last = pending.Max(p => p.Id) }, transaction);
            logger.MessagesQueued(messages.Count, name, decision);
            queued += messages.Count;
        }
        return queued;
    }

    private Dictionary<string, NumberAlertState> LoadStates()
    {
        const string sql = "SELECT phone, condition, since, outage_started_at, recovered_at, flaps FROM alert_numbers";
        using var connection = database.Open();
        return connection.Query<StateRow>(sql).Select(r => r.ToState()).ToDictionary(s => s.Phone);
    }

    private static void SaveState(DbConnection connection, DbTransaction transaction, NumberAlertState s)
    {
        const string sql = """
            INSERT INTO alert_numbers (phone, condition, since, outage_started_at, recovered_at, flaps)
            VALUES (@Phone, @condition, @since, @outageStartedAt, @recoveredAt, @Flaps)
            ON CONFLICT (phone) DO UPDATE SET
                condition = excluded.condition, since = excluded.since, outage_started_at = excluded.outage_started_at,
                recovered_at = excluded.recovered_at, flaps = excluded.flaps
            """;
        connection.Execute(sql, new
        {
            s.Phone, s.Flaps,
            condition = s.Condition.ToWire(),
            since = s.Since.ToUnixTimeMilliseconds(),
            outageStartedAt = Time.ToMs(s.OutageStartedAt),
            recoveredAt = Time.ToMs(s.RecoveredAt),
        }, transaction);
    }

    private static void AddPending(DbConnection connection, DbTransaction transaction, string channel, Transition c, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO alert_pending (channel, phone, kind, client, account_name, reason, reason_category,
                                       days_until_expiry, outage_started_at, flaps, occurred_at, queued_at)
            VALUES (@channel, @Phone, @kind, @Client, @AccountName, @Reason, @category,
                    @DaysUntilExpiry, @outageStartedAt, @Flaps, @at, @now)
            """;
        connection.Execute(sql, new
        {
            channel, c.Phone, c.Client, c.AccountName, c.Reason, c.DaysUntilExpiry, c.Flaps,
            kind = c.Kind.ToWire(),
            category = c.ReasonCategory?.ToWire(),
            outageStartedAt = Time.ToMs(c.OutageStartedAt),
            at = c.At.ToUnixTimeMilliseconds(),
            now = now.ToUnixTimeMilliseconds(),
        }, transaction);
    }

    private static List<PendingAlert> LoadPending(DbConnection connection, DbTransaction transaction, string channel)
    {
        const string sql = """
            SELECT id, channel, phone, kind, client, account_name, reason, reason_category, days_until_expiry,
                   outage_started_at, flaps, occurred_at, queued_at
            FROM alert_pending WHERE channel = @channel ORDER BY id
            """;
        return connection.Query<PendingRow>(sql, new { channel }, transaction).Select(r => r.ToPending()).ToList();
    }

    private sealed class StateRow
    {
        public required string Phone { get; init; }
        public required string Condition { get; init; }
        public long Since { get; init; }
        public long? OutageStartedAt { get; init; }
        public long? RecoveredAt { get; init; }
        public long Flaps { get; init; }

        public NumberAlertState ToState() => new(Phone, WireNames.FromWire<Condition>(Condition), Time.FromMs(Since)!.Value,
            Time.FromMs(OutageStartedAt), Time.FromMs(RecoveredAt), (int)Flaps);
    }

    private sealed class PendingRow
    {
        public long Id { get; init; }
        public required string Channel { get; init; }
        public required string Phone { get; init; }
        public required string Kind { get; init; }
        public string? Client { get; init; }
        public string? AccountName { get; init; }
        public string? Reason { get; init; }
        public string? ReasonCategory { get; init; }
        public long? DaysUntilExpiry { get; init; }
        public long? OutageStartedAt { get; init; }
        public long Flaps { get; init; }
        public long OccurredAt { get; init; }
        public long QueuedAt { get; init; }

        public PendingAlert ToPending() => new(Id, Channel, new Transition(
            WireNames.FromWire<ChangeKind>(Kind), Phone, Client, AccountName, Reason,
            ReasonCategory is null ? null : WireNames.FromWire<ReasonCategory>(ReasonCategory),
            (int?)DaysUntilExpiry, Time.FromMs(OccurredAt)!.Value, Time.FromMs(OutageStartedAt), (int)Flaps),
            Time.FromMs(QueuedAt)!.Value);
    }
}
