using Microsoft.AspNetCore.Components;
using MudBlazor;
using WazzapDashboard.Fleet;
using WazzapDashboard.Live;

namespace WazzapDashboard.Components.Pages;

/// <summary>The live grid of every number, worst first, with counters that filter.</summary>
public partial class FleetPage
{
    [Inject] public required ChangeFeed Feed { get; init; }
    [Inject] public required FleetQueries Queries { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required TimeProvider Time { get; init; }

    private LiveFleet? _fleet;
    private IReadOnlyList<NumberView> _rows = [];
    private FleetSummary _summary = new(0, 0, 0, 0, 0, 0);
    private HashSet<string> _changed = [];
    private Health? _filter;
    private string _search = "";
    private DateTimeOffset _now;

    protected override void OnInitialized()
    {
        _fleet = new LiveFleet(Feed, Queries, InvokeAsync, OnChanged);
        Refresh();
    }

    private Task OnChanged(IReadOnlyList<NumberView> changes)
    {
        _changed = changes.Select(c => c.Phone).ToHashSet();
        Refresh();
        StateHasChanged();
        return Task.CompletedTask;
    }

    private void Refresh()
    {
        _now = Time.GetUtcNow();
        var numbers = _fleet!.Numbers;
        _summary = FleetSummary.Of(numbers);
        _rows = HealthRules.WorstFirst(numbers.Where(Matches)).ToList();
    }

    private bool Matches(NumberView n)
    {
        if (_filter is { } filter && HealthRules.Of(n) != filter) return false;
        if (string.IsNullOrWhiteSpace(_search)) return true;
        var digits = new string(_search.Where(char.IsDigit).ToArray());
        return (digits.Length > 0 && n.Phone.Contains(digits, StringComparison.Ordinal))
            || (n.AccountName?.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase) ?? false);
    }

    private void ToggleFilter(Health health)
    {
        _filter = _filter == health ? null : health;
        Refresh();
    }

    private void OnSearch(string? text)
    {
        _search = text ?? "";
        Refresh();
    }

    private void OpenNumber(DataGridRowClickEventArgs<NumberView> args) =>
        Navigation.NavigateTo($"/numbers/{Uri.EscapeDataString(args.Item.Phone)}");

    private string RowClass(NumberView n, int index) =>
        $"health-{HealthRules.Of(n).ToString().ToLowerInvariant()}{(_changed.Contains(n.Phone) ? " row-changed" : "")}";

    private IEnumerable<(Health Health, string Label, int Count, string Icon, Color Color)> Counters() =>
    [
        (Health.Healthy, "Healthy", _summary.Healthy, Icons.Material.Filled.CheckCircle, Color.Success),
        (Health.AtRisk, "At risk", _summary.AtRisk, Icons.Material.Filled.HourglassTop, Color.Warning),
        (Health.Disconnected, "Disconnected", _summary.Disconnected, Icons.Material.Filled.LinkOff, Color.Error),
        (Health.Banned, "Banned", _summary.Banned, Icons.Material.Filled.Block, Color.Error),
        (Health.Unknown, "Unknown", _summary.Unknown, Icons.Material.Filled.HelpOutline, Color.Default),
    ];

    public void Dispose() => _fleet?.Dispose();
}
