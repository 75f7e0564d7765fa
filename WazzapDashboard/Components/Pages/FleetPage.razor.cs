using Microsoft.AspNetCore.Components;
using MudBlazor;
using WazzapDashboard.Components.Shared;
using WazzapDashboard.Fleet;
using WazzapDashboard.Live;
using WazzapDashboard.Localization;

namespace WazzapDashboard.Components.Pages;

/// <summary>
/// The live grid of every number, worst first, with counters that filter, and the fleet grouped by
/// client in a side panel (each client with its own counters). <c>?client=</c> opens one client.
/// </summary>
public partial class FleetPage
{
    [Inject] public required ChangeFeed Feed { get; init; }
    [Inject] public required FleetQueries Queries { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [CascadingParameter] public Viewer Viewer { get; set; } = Viewer.Utc;

    /// <summary>The client to open with; "" for numbers with no client.</summary>
    [SupplyParameterFromQuery(Name = "client")] public string? InitialClient { get; set; }

    private LiveFleet? _fleet;
    private IReadOnlyList<NumberView> _rows = [];
    private IReadOnlyList<ClientSummary> _clients = [];
    private ClientSummary _all = new("", new FleetSummary(0, 0, 0, 0, 0, 0), 0);
    private FleetSummary _summary = new(0, 0, 0, 0, 0, 0);
    private HashSet<string> _changed = [];
    private Health? _filter;
    private string? _client;
    private string _search = "";
    private DateTimeOffset _now;

    protected override void OnInitialized()
    {
        _client = InitialClient;
        _fleet = new LiveFleet(Feed, Queries, InvokeAsync, OnChanged);
        CountClients();
        Refresh();
    }

    private Task OnChanged(IReadOnlyList<NumberView> changes)
    {
        _changed = changes.Select(c => c.Phone).ToHashSet();
        CountClients();
        Refresh();
        StateHasChanged();
        return Task.CompletedTask;
    }

    /// <summary>The client panel depends on the fleet only, not on the filters: counted when it changes.</summary>
    private void CountClients()
    {
        var numbers = _fleet!.Numbers;
        _clients = ClientSummary.ByClient(numbers);
        _all = new ClientSummary("", FleetSummary.Of(numbers), numbers.Count(HealthRules.LosingCampaign));
    }

    private void Refresh()
    {
        _now = Time.GetUtcNow();
        var ofClient = _fleet!.Numbers.Where(InClient).ToList();
        _summary = FleetSummary.Of(ofClient);
        var matches = NumberSearch.For(_search);
        _rows = HealthRules.WorstFirst(ofClient.Where(n => (_filter is not { } filter || HealthRules.Of(n) == filter) && matches(n))).ToList();
    }

    private bool InClient(NumberView n) =>
        _client is null || string.Equals(n.Client ?? "", _client, StringComparison.OrdinalIgnoreCase);

    private void ToggleFilter(Health health)
    {
        _filter = _filter == health ? null : health;
        Refresh();
    }

    private void SelectClient(string? client)
    {
        _client = client;
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
        Wording.HealthClass(n) + (_changed.Contains(n.Phone) ? " row-changed" : "");

    /// <summary>aria-pressed needs "true"/"false"; Blazor would drop a false boolean attribute.</summary>
    private static string Pressed(bool pressed) => pressed ? "true" : "false";

    private string ClientClass(string? client) =>
        string.Equals(_client, client, StringComparison.OrdinalIgnoreCase) ? "client-item selected" : "client-item";

    private IEnumerable<(Health Health, string Label, int Count, string Icon, Color Color)> Counters() =>
    [
        (Health.Healthy, L["Status_Healthy"], _summary.Healthy, Icons.Material.Filled.CheckCircle, Color.Success),
        (Health.AtRisk, L["Status_AtRisk"], _summary.AtRisk, Icons.Material.Filled.HourglassTop, Color.Warning),
        (Health.Disconnected, L["Status_Disconnected"], _summary.Disconnected, Icons.Material.Filled.LinkOff, Color.Error),
        (Health.Banned, L["Status_Banned"], _summary.Banned, Icons.Material.Filled.Block, Color.Error),
        (Health.Unknown, L["Status_Unknown"], _summary.Unknown, Icons.Material.Filled.HelpOutline, Color.Default),
    ];

    public void Dispose() => _fleet?.Dispose();
}
