using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using WazzapDashboard.Components.Number;
using WazzapDashboard.Fleet;
using WazzapDashboard.Components.Shared;
using WazzapDashboard.History;
using WazzapDashboard.Live;

namespace WazzapDashboard.Components.Pages;

/// <summary>
/// One number for support staff: its state live from the change feed, what to do, who is on it,
/// how reliable it has been, and everything that happened.
/// </summary>
public partial class NumberPage : IDisposable
{
    [Inject] public required FleetQueries Fleet { get; init; }
    [Inject] public required HistoryQueries History { get; init; }
    [Inject] public required Incidents Incidents { get; init; }
    [Inject] public required FleetActions Actions { get; init; }
    [Inject] public required ChangeFeed Feed { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required IOptions<FleetOptions> FleetOptions { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required IOptions<LiveOptions> LiveOptions { get; init; }
    [Inject] public required ILogger<NumberPage> Logger { get; init; }

    [Parameter] public string Phone { get; set; } = "";

    [CascadingParameter] public Task<AuthenticationState>? Authentication { get; set; }

    public string? E164 { get; private set; }
    public NumberView? Number { get; private set; }
    public DateTimeOffset Now { get; private set; }
    public IReadOnlyList<(DateTimeOffset At, NumberStatus Status)> Changes { get; private set; } = [];
    public int Revision { get; private set; }

    /// <summary>The signed-in name: what the page's actions are recorded under.</summary>
    public string? Who { get; private set; }

    /// <summary>While an action waits for the writer, its buttons are disabled.</summary>
    public bool Busy { get; private set; }

    private readonly CancellationTokenSource _stop = new();
    private IDisposable? _subscription;
    private bool _refreshPending;

    private Playbook? Playbook => Number is null ? null : Playbooks.For(Number.Status, Number.ReasonCategory, Number.AtRisk, FleetOptions.Value.ExpiryDays);
    /// <summary>Down, or heading for expiry: someone can take it ("I'm on it"), e.g. to call the client before it drops.</summary>
    private bool NeedsSomeone => Number is { } n && (n.Status != NumberStatus.Connected || n.AtRisk);
    private bool IsMine => Number?.AcknowledgedBy is { } by && by == Who;
    private string Title => E164 is null ? L["Number_Title"] : Number is null ? Phones.Display(E164) : $"{Phones.Display(E164)} · {Wording.Status(Number.Status)}";

    protected override void OnInitialized()
    {
        // Subscribe first, then load: nothing committed in between is missed.
        _subscription = Feed.Subscribe(OnChanges);
        if (RendererInfo.IsInteractive) _ = TickEveryMinute();
    }

    protected override async Task OnParametersSetAsync()
    {
        if (Authentication is not null) Who = (await Authentication).User.Identity?.Name;
        E164 = FleetApi.Normalise(Phone);
        Now = Time.GetUtcNow();
        Number = E164 is null ? null : Fleet.Find(E164);
        Changes = Number is null ? [] : History.StatusChanges(Number.Phone, Now.AddDays(-AvailabilityCard.LongestWindowDays));
    }

    private Task OnChanges(IReadOnlyList<NumberView> changes, Committed where)
    {
        if (E164 is null || changes.LastOrDefault(c => c.Phone == E164) is not { } mine) return Task.CompletedTask;
        return InvokeAsync(() =>
        {
            // Another instance's view may be older than the one shown.
            if (where == Committed.Elsewhere && Number is { } held && !ViewOrder.Replaces(mine, held)) return;
            Number = mine;
            Now = Time.GetUtcNow();
            ScheduleRefresh();
            StateHasChanged();
        });
    }

    /// <summary>The header follows every change at once; history is re-read at most once per <see cref="LiveOptions.Throttle"/>.</summary>
    private void ScheduleRefresh()
    {
        if (_refreshPending) return;
        _refreshPending = true;
        _ = RefreshSoon();
    }

    private async Task RefreshSoon()
    {
        try
        {
            await Task.Delay(LiveOptions.Value.Throttle, Time, _stop.Token);
            await InvokeAsync(() =>
            {
                _refreshPending = false;
                Now = Time.GetUtcNow();
                Changes = History.StatusChanges(E164!, Now.AddDays(-AvailabilityCard.LongestWindowDays));
                Revision++;
                StateHasChanged();
            });
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            _refreshPending = false; // the next change tries again
            Logger.LogWarning(ex, "The number page could not refresh its history.");
        }
    }

    /// <summary>"For 5 h 12 min" keeps counting while nothing happens.</summary>
    private async Task TickEveryMinute()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await InvokeAsync(() =>
                    {
                        Now = Time.GetUtcNow();
                        StateHasChanged();
                    });
                }
                catch (Exception ex) when (!_stop.IsCancellationRequested)
                {
                    Logger.LogWarning(ex, "The number page missed a minute tick.");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public Task Acknowledge() => Act(() => Incidents.Acknowledge(E164!, Who));

    public Task Release() => Act(() => Incidents.Withdraw(E164!));

    public Task CheckIn() => Act(() => Actions.CheckIn(E164!, new Confirmation(Who)));

    public Task Reconnected() => Act(() => Actions.Reconnected(E164!, new Confirmation(Who)));

    /// <summary>Runs an action under the signed-in name; the header shows its outcome at once, and a refusal says why.</summary>
    private async Task Act(Func<Task<ActionResult>> action)
    {
        if (E164 is null || Busy) return;
        Busy = true;
        try
        {
            var result = await action();
            if (result.Number is { } number) Number = number;
            if (!result.Succeeded)
            {
                Snackbar.Add(result.Problem ?? L["Busy"], Severity.Warning);
            }
        }
        finally
        {
            Busy = false;
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _stop.Cancel();
        _stop.Dispose();
    }
}
