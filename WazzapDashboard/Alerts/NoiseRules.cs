using WazzapDashboard.Fleet;

namespace WazzapDashboard.Alerts;

/// <summary>A number's condition as alerts see it; <c>Recovering</c> is a number back up but not yet announced.</summary>
public enum Condition { Unknown, Healthy, AtRisk, Expired, Disconnected, Banned, Recovering }

/// <summary>What the alerts last said about a number (a row of <c>alert_numbers</c>).</summary>
public sealed record NumberAlertState(
    string Phone,
    Condition Condition,
    DateTimeOffset Since,
    DateTimeOffset? OutageStartedAt = null,
    DateTimeOffset? RecoveredAt = null,
    int Flaps = 0)
{
    public bool IsDown => Condition is Condition.Disconnected or Condition.Banned;
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
/// | unknown (first sight)       | healthy                    | –            | healthy                         |
/// | anything                    | unknown                    | –            | unchanged                       |
/// </summary>
public static class NoiseRules
{
    public static Condition Of(NumberView n) => n.Status switch
    {
        NumberStatus.Banned => Condition.Banned,
        NumberStatus.Disconnected => Condition.Disconnected,
        NumberStatus.Connected when n.Expired => Condition.Expired,
        NumberStatus.Connected when n.AtRisk => Condition.AtRisk,
        NumberStatus.Connected => Condition.Healthy,
        _ => Condition.Unknown,
    };

    public static (NumberAlertState State, IReadOnlyList<Transition> Changes) Detect(
        NumberAlertState? remembered, NumberView view, DateTimeOffset now, TimeSpan flapWindow)
    {
        var changes = new List<Transition>();
        var state = remembered ?? new NumberAlertState(view.Phone, Condition.Unknown, now);
        if (Settle(state, view, now, flapWindow) is { } settled)
        {
            state = settled.State;
            changes.Add(settled.Change);
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

            case (Condition.Healthy or Condition.Unknown or Condition.AtRisk, Condition.Expired):
                state = state with { Condition = next, Since = now };
                changes.Add(Change(ChangeKind.Expired, state));
                break;

            default:
                state = state with { Condition = next, Since = now };
                break;
        }
        return (state, changes);
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
