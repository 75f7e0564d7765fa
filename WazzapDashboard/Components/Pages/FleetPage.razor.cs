using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using WazzapDashboard.Components.Shared;
using WazzapDashboard.Fleet;
using WazzapDashboard.Live;
using WazzapDashboard.Localization;

namespace WazzapDashboard.Components.Pages;

/// <summary>
/// The live grid of every number, worst first, with counters that filter, and the fleet grouped by
/// client in a side panel (a list of cards and a client picker on a phone). The address holds the
/// view (<c>?client=Acme&amp;status=at_risk&amp;q=sales</c>), so it can be shared, bookmarked and gone
/// back to. The page keeps only a reference to the shared <see cref="FleetSnapshot"/> and its filter.
/// </summary>
public partial class FleetPage : IDisposable
{
    [Inject] public required LiveSnapshot Live { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required IOptions<FleetOptions> Options { get; init; }
    [CascadingParameter] public Viewer Viewer { get; set; } = Viewer.Utc;

    /// <summary>One client, in any case; "" for numbers with no client.</summary>
    [SupplyParameterFromQuery(Name = "client")] public string? Client { get; set; }

    /// <summary>A pressed counter: <c>banned</c>, <c>disconnected</c>, <c>expired</c>, <c>at_risk</c>, <c>unknown</c>, <c>healthy</c>.</summary>
    [SupplyParameterFromQuery(Name = "status")] public string? Status { get; set; }

    [SupplyParameterFromQuery(Name = "q")] public string? Search { get; set; }

    private IDisposable? _subscription;
    private FleetSnapshot _snapshot = FleetSnapshot.Empty;
    private FleetFilter _filter = new();
    private IReadOnlyList<NumberView> _rows = [];
    private FleetSummary _summary = FleetSummary.Empty;
    private DateTimeOffset _now;

    /// <summary>A client in the address that no number has: nothing can match, and the page says so.</summary>
    private bool UnknownClient => _filter.Client is { } c && _snapshot.Client(c) is null;

    private int Down => _summary.Banned + _summary.Disconnected;

    /// <summary>"(3 down) WazzapDashboard": the tab says it while someone works in another one.</summary>
    public string TabTitle => Down > 0 ? L["Grid_TabDown", Down] : $"{L["Nav_Fleet"]} · WazzapDashboard";

    /// <summary>Rows a 4K screen shows: what the prerendered page carries before the circuit is up.</summary>
    private IReadOnlyList<NumberView> FirstScreen => _rows.Take(60).ToList();

    /// <summary>Virtualize wants a collection; the rows are the snapshot's array or a filtered list, so no copy is made.</summary>
    private ICollection<NumberView> Cards => _rows as ICollection<NumberView> ?? _rows.ToList();

    private string CsvHref => "/api/numbers.csv" + (_filter.ToQuery() is { Length: > 0 } query ? "?" + query : "");

    protected override void OnInitialized()
    {
        // Subscribe, then read the current snapshot: nothing published in between is missed.
        _subscription = Live.Subscribe(snapshot => InvokeAsync(() =>
        {
            _snapshot = snapshot;
            Refresh();
            StateHasChanged();
        }));
        _snapshot = Live.Current;
    }

    protected override void OnParametersSet()
    {
        _filter = FleetFilter.From(Client, Status, Search);
        Refresh();
    }

    private void Refresh()
    {
        _now = Time.GetUtcNow();
        _summary = _filter.Client is { } client ? _snapshot.Client(client)?.Summary ?? FleetSummary.Empty : _snapshot.Summary;
        _rows = UnknownClient ? [] : _filter.Apply(_snapshot.WorstFirst);
    }

    /// <summary>Filters and the client are pushed to the history (Back undoes them); typing replaces the entry.</summary>
    private void Show(FleetFilter filter, bool replace = false)
    {
        var query = filter.ToQuery();
        Navigation.NavigateTo(query.Length > 0 ? "/?" + query : "/", replace: replace);
    }

    private void ToggleFilter(Health health) => Show(_filter with { Health = _filter.Health == health ? null : health });

    private void SelectClient(string? client) => Show(_filter with { Client = client });

    private void OnClientPicked(ChangeEventArgs e) =>
        SelectClient(e.Value as string is { } value && value != AllClients ? value : null);

    private void OnSearch(string? text) => Show(_filter with { Search = string.IsNullOrWhiteSpace(text) ? null : text }, replace: true);

    private void ClearFilters() => Show(new FleetFilter());

    private static string NumberHref(NumberView n) => $"/numbers/{Uri.EscapeDataString(n.Phone)}";

    private void OpenNumber(DataGridRowClickEventArgs<NumberView> args) => Navigation.NavigateTo(NumberHref(args.Item));

    private string RowClass(NumberView n, int index) =>
        Wording.HealthClass(n) + (_snapshot.Changed.Contains(n.Phone) ? " row-changed" : "");

    /// <summary>aria-pressed needs "true"/"false"; Blazor would drop a false boolean attribute.</summary>
    private static string Pressed(bool pressed) => pressed ? "true" : "false";

    private bool IsClient(string? client) => string.Equals(_filter.Client, client, StringComparison.OrdinalIgnoreCase);

    private string ClientClass(string? client) => IsClient(client) ? "client-item selected" : "client-item";

    private string ClientName(string client) => client == "" ? L["Grid_NoClient"] : client;

    /// <summary>The picker's value for "all clients": a client can be called anything but this.</summary>
    private const string AllClients = "\u0001all";

    private IEnumerable<(Health Health, string Label, string Icon, Color Color, string? Help)> Counters() =>
    [
        (Health.Healthy, L["Status_Healthy"], Icons.Material.Filled.CheckCircle, Color.Success, null),
        (Health.AtRisk, L["Status_AtRisk"], Icons.Material.Filled.HourglassTop, Color.Warning, Wording.AtRiskHelp(Options.Value)),
        (Health.Expired, L["Status_Expired"], Icons.Material.Filled.HourglassBottom, Color.Warning, Wording.ExpiredHelp(Options.Value)),
        (Health.Disconnected, L["Status_Disconnected"], Icons.Material.Filled.LinkOff, Color.Error, null),
        (Health.Banned, L["Status_Banned"], Icons.Material.Filled.Block, Color.Error, null),
        (Health.Unknown, L["Status_Unknown"], Icons.Material.Filled.HelpOutline, Color.Default, null),
    ];

    public void Dispose() => _subscription?.Dispose();
}
