using WazzapDashboard.Fleet;

namespace WazzapDashboard.Alerts;

/// <summary>
/// A number's condition as alerts see it; <c>Recovering</c> is a number back up but not yet announced,
/// <c>Dropping</c> a number down for a reason that often heals by itself, not yet announced either.
/// A gateway that stopped delivering is remembered as <c>Silent</c> under <c>gateway:&lt;source&gt;</c>.
/// </summary>
public enum Condition { Unknown, Healthy, AtRisk, Expired, Disconnected, Banned, Recovering, Silent, Dropping }

/// <summary>What the alerts last said about a number (a row of <c>alert_numbers</c>).</summary>
public sealed record NumberAlertState(
    string Phone,
    Condition Condition,
    DateTimeOffset Since,
    DateTimeOffset? OutageStartedAt = null,
    DateTimeOffset? RecoveredAt = null,
    int Flaps = 0)
{
    public bool IsDown => Condition is Condition.Disconnected or Condition.Banned or Condition.Dropping;
}

/// <summary>One change worth telling someone about.</summary>
public sealed record Transition(
    ChangeKind Kind,
    string Phone,
    string? Client,
    string? AccountName,
    string? Reason,
    ReasonCategory? ReasonCategory,
    int? DaysUntilExpiry,
    DateTimeOffset At,
    DateTimeOffset? OutageStartedAt = null,
    int Flaps = 0);

/// <summary>
/// One alert per outage, and flapping collapsed: what the alerts last said about a number is
/// compared with its current view, so a duplicate, a retry or a second report of the same drop
/// (both gateways, a late event) changes nothing. A recovery is held for the flap window: a drop
/// within it continues the same outage silently, and the eventual recovery counts the flaps.
///
/// | remembered                  | now                        | alert        | remembered next                 |
/// |-----------------------------|----------------------------|--------------|---------------------------------|
/// | disconnected or banned      | the same                   | –            | unchanged                       |
/// | disconnected                | banned                     | banned       | banned, same outage             |
/// | banned                      | disconnected               | –            | disconnected, same outage       |
/// | anything else up or unknown | disconnected / banned      | that change  | down, outage starts             |
/// | recovering                  | disconnected               | – (a flap)   | disconnected, flaps + 1         |
/// | recovering                  | banned                     | banned       | banned, flaps + 1               |
/// | disconnected or banned      | connected (any risk)       | –            | recovering since now            |
/// | recovering ≥ flap window    | (anything)                 | reconnected  | healthy, then the row above applies |
/// | healthy or unknown          | at risk                    | at_risk      | at risk                         |
/// | healthy, unknown, at risk   | expired (past the line)    | expired      | expired                         |
/// | at risk or expired          | healthy (phone checked in) | –            | healthy                         |
/// | healthy, unknown, at risk   | silent (connected, quiet)  | silent       | silent                          |
/// | silent                      | expired                    | expired      | expired                         |
/// | silent                      | healthy or at risk         | –            | that                            |
/// | unknown (first sight)       | healthy                    | –            | healthy                         |
/// | anything                    | unknown                    | –            | unchanged                       |
///
/// Short drops stay quiet, logouts and bans never wait (<c>disconnectGrace</c>, Alerts:DisconnectGrace; the
/// gateways' own docs call brief reconnects normal). Before the rows above, for a number going down:
///
/// | remembered           | now: disconnected, category                               | alert            | remembered next      |
/// |----------------------|-----------------------------------------------------------|------------------|----------------------|
/// | up or unknown        | phone_offline, unknown (or none), grace not yet over      | – (held)         | dropping             |
/// | up or unknown        | phone_offline, unknown, already down longer than grace    | disconnected     | disconnected         |
/// | up or unknown        | logged_out, slot_reused, device_changed, app_update       | disconnected     | disconnected         |
/// | up or unknown        | banned (status banned)                                    | banned           | banned               |
/// | dropping             | still disconnected, grace not over                        | –                | dropping             |
/// | dropping ≥ grace     | (anything)                                                | disconnected     | disconnected, then the rows above apply |
/// | dropping             | logged_out, slot_reused, device_changed, app_update       | disconnected     | disconnected         |
/// | dropping             | banned                                                    | banned           | banned               |
/// | dropping             | up again within the grace                                 | – (a short drop) | that                 |
/// </summary>
public static class NoiseRules
{
    public static Condition Of(NumberView n) => n.Status switch
    {
        NumberStatus.Banned => Condition.Banned,
        NumberStatus.Disconnected => Condition.Disconnected,
        NumberStatus.Connected when n.Expired => Condition.Expired,
        NumberStatus.Connected when n.Silent => Condition.Silent,
        NumberStatus.Connected when n.AtRisk => Condition.AtRisk,
        NumberStatus.Connected => Condition.Healthy,
        _ => Condition.Unknown,
    };

    /// <summary>Categories whose drop often heals within minutes: their alert waits out the grace.</summary>
    public static bool MayHeal(ReasonCategory? category) => category is null or ReasonCategory.PhoneOffline or ReasonCategory.Unknown;

    public static (NumberAlertState State, IReadOnlyList<Transition> Changes) Detect(
        NumberAlertState? remembered, NumberView view, DateTimeOffset now, TimeSpan flapWindow, TimeSpan disconnectGrace = default)
    {
        var changes = new List<Transition>();
        var state = remembered ?? new NumberAlertState(view.Phone, Condition.Unknown, now);
        if (Settle(state, view, now, flapWindow) is { } settled)
        {
            state = settled.State;
            changes.Add(settled.Change);
        }
        if (Confirm(state, view, now, disconnectGrace) is { } confirmed)
        {
            state = confirmed.State;
            changes.Add(confirmed.Change);
        }

        var next = Of(view);
        var at = view.StatusChangedAt ?? now;
        Transition Change(ChangeKind kind, NumberAlertState s) => new(kind, view.Phone, view.Client, view.AccountName, view.Reason,
            view.ReasonCategory, view.DaysUntilExpiry, at, s.OutageStartedAt, s.Flaps);

        switch (state.Condition, next)
        {
            case (_, Condition.Unknown):
            case var (was, now_) when was == now_:
                break;

            case (Condition.Recovering, Condition.Disconnected or Condition.Banned):
                state = state with { Condition = next, Since = at, RecoveredAt = null, Flaps = state.Flaps + 1 };
                if (next == Condition.Banned) changes.Add(Change(ChangeKind.Banned, state));
                break;

            case (Condition.Recovering, _):
                break; // still up, still waiting out the flap window

            case (Condition.Dropping, Condition.Disconnected) when MayHeal(view.ReasonCategory):
                break; // still waiting out the grace

            case (Condition.Dropping, Condition.Disconnected or Condition.Banned):
                state = state with { Condition = next, Since = at };
                changes.Add(Change(next == Condition.Banned ? ChangeKind.Banned : ChangeKind.Disconnected, state));
                break;

            case (Condition.Dropping, _):
                // Back within the grace: a short drop nobody needs to hear about.
                state = state with { Condition = next, Since = at, OutageStartedAt = null };
                break;

            case (_, Condition.Disconnected) when state.Condition is not (Condition.Disconnected or Condition.Banned)
                && MayHeal(view.ReasonCategory) && now - at < disconnectGrace:
                state = state with { Condition = Condition.Dropping, Since = at, OutageStartedAt = at, RecoveredAt = null, Flaps = 0 };
                break;

            case (Condition.Disconnected, Condition.Banned):
                state = state with { Condition = next, Since = at };
                changes.Add(Change(ChangeKind.Banned, state));
                break;

            case (Condition.Banned, Condition.Disconnected):
                state = state with { Condition = next, Since = at };
                break;

            case (_, Condition.Disconnected or Condition.Banned):
                state = state with { Condition = next, Since = at, OutageStartedAt = at, RecoveredAt = null, Flaps = 0 };
                changes.Add(Change(next == Condition.Banned ? ChangeKind.Banned : ChangeKind.Disconnected, state));
                break;

            case (Condition.Disconnected or Condition.Banned, _):
                state = state with { Condition = Condition.Recovering, Since = at, RecoveredAt = now };
                if (Settle(state, view, now, flapWindow) is { } immediate)
                {
                    state = immediate.State;
                    changes.Add(immediate.Change);
                }
                break;

            case (Condition.Healthy or Condition.Unknown, Condition.AtRisk):
                state = state with { Condition = next, Since = now };
                changes.Add(Change(ChangeKind.AtRisk, state));
                break;

            case (Condition.Healthy or Condition.Unknown or Condition.AtRisk, Condition.Silent):
                state = state with { Condition = next, Since = now };
                changes.Add(Change(ChangeKind.Silent, state) with { At = view.SilentSince ?? now });
                break;

            case (Condition.Healthy or Condition.Unknown or Condition.AtRisk or Condition.Silent, Condition.Expired):
                state = state with { Condition = next, Since = now };
                changes.Add(Change(ChangeKind.Expired, state));
                break;

            default:
                state = state with { Condition = next, Since = now };
                break;
        }
        return (state, changes);
    }

    /// <summary>
    /// A gateway's silence, remembered under <c>gateway:&lt;source&gt;</c>: one <c>gateway_silent</c> alert when
    /// it goes quiet, none while it stays quiet, and the memory cleared (no alert) when deliveries resume.
    /// </summary>
    public static (NumberAlertState? State, Transition? Change) Gateway(NumberAlertState? remembered, string source, SilentGateway? silent, DateTimeOffset now)
    {
        var key = GatewayKey(source);
        var was = remembered?.Condition == Condition.Silent;
        if (silent is not null && !was)
        {
            return (new NumberAlertState(key, Condition.Silent, silent.Since),
                new Transition(ChangeKind.GatewaySilent, source, null, null, null, null, null, silent.Since));
        }
        return silent is null && was ? (new NumberAlertState(key, Condition.Healthy, now), null) : (remembered, null);
    }

    public static string GatewayKey(string source) => "gateway:" + source;

    /// <summary>A drop that has outlasted the grace, announced as the disconnection it is; null while it has not.</summary>
    public static (NumberAlertState State, Transition Change)? Confirm(
        NumberAlertState state, NumberView view, DateTimeOffset now, TimeSpan disconnectGrace)
    {
        // A number already back up was down until it came back, not until now.
        var healedAt = view.Status is NumberStatus.Disconnected or NumberStatus.Banned or NumberStatus.Unknown ? null : view.StatusChangedAt;
        if (state.Condition != Condition.Dropping || (healedAt ?? now) - state.Since < disconnectGrace)
        {
            return null;
        }
        var down = state with { Condition = Condition.Disconnected };
        var change = new Transition(ChangeKind.Disconnected, state.Phone, view.Client, view.AccountName,
            view.Status == NumberStatus.Disconnected ? view.Reason : null,
            view.Status == NumberStatus.Disconnected ? view.ReasonCategory : null,
            view.DaysUntilExpiry, state.Since, state.OutageStartedAt, state.Flaps);
        return (down, change);
    }

    /// <summary>A recovery that has held for the flap window, announced; null while it has not.</summary>
    public static (NumberAlertState State, Transition Change)? Settle(
        NumberAlertState state, NumberView view, DateTimeOffset now, TimeSpan flapWindow)
    {
        if (state.Condition != Condition.Recovering || state.RecoveredAt is not { } recoveredAt || now - recoveredAt < flapWindow)
        {
            return null;
        }
        var change = new Transition(ChangeKind.Reconnected, state.Phone, view.Client, view.AccountName, null, null, null,
            state.Since, state.OutageStartedAt, state.Flaps);
        return (new NumberAlertState(state.Phone, Condition.Healthy, state.Since), change);
    }
}
