using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using WazzapDashboard.Components.Number;
using WazzapDashboard.Fleet;
using WazzapDashboard.History;
using WazzapDashboard.Live;

namespace WazzapDashboard.Components.Pages;

/// <summary>
/// One number for support staff: its state live from the change feed, what to do, who is on it,
/// how reliable it has been, and everything that happened.
/// </summary>
public partial class NumberPage : IDisposable
{
    /// <summary>Bursts of events are folded into one re-read of history per this interval.</summary>
    public static readonly TimeSpan RefreshDelay = TimeSpan.FromSeconds(1);
    private const string NameKey = "wazzap.supportName";

    [Inject] public required FleetQueries Fleet { get; init; }
    [Inject] public required HistoryQueries History { get; init; }
    [Inject] public required Incidents Incidents { get; init; }
    [Inject] public required ChangeFeed Feed { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required IJSRuntime JS { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }

    [Parameter] public string Phone { get; set; } = "";

    public string? E164 { get; private set; }
    public NumberView? Number { get; private set; }
    public DateTimeOffset Now { get; private set; }
    public IReadOnlyList<(DateTimeOffset At, NumberStatus Status)> Changes { get; private set; } = [];
    public int Revision { get; private set; }
    public string? Name { get; private set; }

    private readonly CancellationTokenSource _stop = new();
    private IDisposable? _subscription;
    private bool _refreshPending;

    private Playbook? Playbook => Number is null ? null : Playbooks.For(Number.Status, Number.ReasonCategory, Number.AtRisk);
    private bool HasName => Incidents.CheckName(Name) is null;
    private bool IsMine => string.Equals(Number?.AcknowledgedBy, Name?.Trim(), StringComparison.OrdinalIgnoreCase);
    private string Title => E164 is null ? "Number" : Number is null ? Phones.Display(E164) : $"{Phones.Display(E164)} · {Wording.Status(Number.Status)}";

    protected override void OnInitialized()
    {
        // Subscribe first, then load: nothing committed in between is missed.
        _subscription = Feed.Subscribe(OnChanges);
        if (RendererInfo.IsInteractive) _ = TickEveryMinute();
    }

    protected override void OnParametersSet()
    {
        E164 = Phones.Normalise(Uri.UnescapeDataString(Phone))?.E164;
        Now = Time.GetUtcNow();
        Number = E164 is null ? null : Fleet.Find(E164);
        Changes = Number is null ? [] : History.StatusChanges(Number.Phone, Now.AddDays(-AvailabilityCard.LongestWindowDays));
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive) return;
        try
        {
            Name = await JS.InvokeAsync<string?>("localStorage.getItem", NameKey);
            if (!string.IsNullOrEmpty(Name)) StateHasChanged();
        }
        catch (JSException)
        {
            // No storage (a locked-down browser): the name is simply typed again.
        }
    }

    private Task OnChanges(IReadOnlyList<NumberView> changes)
    {
        if (E164 is null || changes.LastOrDefault(c => c.Phone == E164) is not { } mine) return Task.CompletedTask;
        return InvokeAsync(() =>
        {
            Number = mine;
            Now = Time.GetUtcNow();
            ScheduleRefresh();
            StateHasChanged();
        });
    }

    /// <summary>The header follows every change at once; history is re-read at most once per <see cref="RefreshDelay"/>.</summary>
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
            await Task.Delay(RefreshDelay, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        await InvokeAsync(() =>
        {
            _refreshPending = false;
            Now = Time.GetUtcNow();
            Changes = History.StatusChanges(E164!, Now.AddDays(-AvailabilityCard.LongestWindowDays));
            Revision++;
            StateHasChanged();
        });
    }

    /// <summary>"For 5 h 12 min" keeps counting while nothing happens.</summary>
    private async Task TickEveryMinute()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await InvokeAsync(() =>
                {
                    Now = Time.GetUtcNow();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RememberName(string? name)
    {
        Name = name;
        try
        {
            await JS.InvokeVoidAsync("localStorage.setItem", NameKey, name?.Trim() ?? "");
        }
        catch (JSException)
        {
        }
    }

    public void Acknowledge()
    {
        if (E164 is null || !HasName) return;
        var (outcome, view) = Incidents.Acknowledge(E164, Name!);
        if (outcome == AcknowledgeOutcome.NothingToAcknowledge)
        {
            Snackbar.Add("The number is connected again: there is nothing to acknowledge.", Severity.Info);
        }
        Number = view ?? Number;
    }

    public void Release()
    {
        if (E164 is null) return;
        Number = Incidents.Withdraw(E164) ?? Number;
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _stop.Cancel();
        _stop.Dispose();
    }
}
