using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;
using WazzapDashboard.Access;
using WazzapDashboard.Components.Wall;
using WazzapDashboard.Fleet;
using WazzapDashboard.Live;
using WazzapDashboard.Localization;

namespace WazzapDashboard.Components.Pages;

/// <summary>
/// The operations-room TV: what needs attention first and big, healthy numbers as a count. Runs
/// unattended; when it stops being live (the circuit drops, or the server stops answering its pings)
/// the reconnect dialog greys it out and says since when, and it recovers by itself. Shows one client
/// with <c>?client=</c>, or always the one a wall link is limited to. See <see cref="WallBoard"/> for
/// what the middle shows when there is more trouble than tiles.
/// </summary>
public partial class Wall
{
    /// <summary>How long a drop is marked "new".</summary>
    public static readonly TimeSpan NewFor = TimeSpan.FromMinutes(1);

    /// <summary>The browser asks the server for the time this often and calls the wall stale after <see cref="StaleAfter"/> without an answer.</summary>
    public static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(15);

    [Inject] public required LiveFleets Live { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required AccessKeyStore Keys { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required IOptions<WallOptions> Options { get; init; }
    [Inject] public required IOptions<FleetOptions> FleetOptions { get; init; }
    [Inject] public required IJSRuntime JS { get; init; }
    [Inject] public required ILogger<Wall> Logger { get; init; }
    [CascadingParameter] public Task<AuthenticationState>? Authentication { get; set; }
    [CascadingParameter] public Viewer Viewer { get; set; } = Viewer.Utc;
    [SupplyParameterFromQuery(Name = "client")] public string? Client { get; set; }

    private readonly Dictionary<string, DateTimeOffset> _droppedAt = [];
    private LiveFleet? _fleet;
    private PeriodicTimer? _clock;
    private IJSObjectReference? _browser;
    private IJSObjectReference? _watch;
    private DotNetObjectReference<Wall>? _self;
    private string? _linkedClient;
    private WallBoard _board = WallBoard.Of([], 0);
    private HashSet<string> _down = [];
    private int _page;
    private DateTimeOffset _pageShownAt;
    private string _newShown = "";
    private DateTimeOffset _now;
    private DateTimeOffset? _lastUpdate;

    /// <summary>What the wall shows now.</summary>
    public WallBoard Board => _board;

    protected override async Task OnInitializedAsync()
    {
        // A wall link limited to a client shows only that client, whatever the address says.
        if (Authentication is not null)
        {
            _linkedClient = (await Authentication).User.FindFirst(WallLinks.ClientClaim)?.Value;
        }
        _fleet = Live.Follow(InvokeAsync, Changed);
        _now = _pageShownAt = Time.GetUtcNow();
        _lastUpdate = _now;
        Refresh();
    }

    private async Task Changed(IReadOnlyList<NumberView> changes)
    {
        var now = Time.GetUtcNow();
        _now = now;
        _lastUpdate = now;
        var dropped = false;
        foreach (var change in changes.Where(c => c.RemovedAt is null && IsDown(c) && Shows(c) && !_down.Contains(c.Phone)))
        {
            _droppedAt[change.Phone] = now;
            dropped = true;
        }
        Refresh();
        // The chime is sent before the render, so it sounds as the tile appears.
        var chime = dropped && Options.Value.Chime ? InBrowser("chime") : Task.CompletedTask;
        StateHasChanged();
        await chime;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive) return;
        _ = RunClock();
        try
        {
            _self = DotNetObjectReference.Create(this);
            // An absolute address: import() would resolve a relative one against Blazor's own script.
            _browser = await JS.InvokeAsync<IJSObjectReference>("import", Navigation.ToAbsoluteUri(Assets["Components/Pages/Wall.razor.js"]).ToString());
            _watch = await _browser.InvokeAsync<IJSObjectReference>("watch", _self, (int)PingEvery.TotalMilliseconds, (int)StaleAfter.TotalMilliseconds, Ping());
        }
        catch (JSDisconnectedException)
        {
            // The page went away while starting.
        }
        catch (Exception e)
        {
            WallLog.BrowserPartFailed(Logger, e);
        }
    }

    /// <summary>The browser's liveness check: an answer means the server and this circuit are alive. Returns the wall's time.</summary>
    [JSInvokable]
    public string Ping() => Viewer.Clock(Time.GetUtcNow());

    /// <summary>Every second: the clock, the page turn, the "new" marks. Never throws: a failure is logged.</summary>
    private async Task RunClock()
    {
        try
        {
            // A TV opened with a wall link keeps its circuit for weeks: recheck the link every minute.
            var wallLink = Authentication is null ? null : (await Authentication).User.FindFirst(WallLinks.KeyIdClaim)?.Value;
            var linkCheckedAt = Time.GetUtcNow();
            _clock = new PeriodicTimer(TimeSpan.FromSeconds(1), Time);
            while (await _clock.WaitForNextTickAsync())
            {
                if (wallLink is not null && Time.GetUtcNow() - linkCheckedAt >= TimeSpan.FromMinutes(1))
                {
                    linkCheckedAt = Time.GetUtcNow();
                    if (!Keys.IsLive(long.Parse(wallLink)))
                    {
                        await InvokeAsync(() => Navigation.NavigateTo(Navigation.Uri, forceLoad: true));
                        return;
                    }
                }
                await InvokeAsync(Tick);
            }
        }
        catch (Exception e) when (e is not ObjectDisposedException)
        {
            WallLog.ClockFailed(Logger, e);
        }
    }

    private void Tick()
    {
        var now = Time.GetUtcNow();
        // Nothing on the wall is finer than a minute: re-render when the minute turns, a page turns or a "new" mark ends.
        var render = Minute(now) != Minute(_now);
        _now = now;
        if (_board.Pages <= 1)
        {
            _pageShownAt = now;
        }
        else if (now - _pageShownAt >= TimeSpan.FromSeconds(Options.Value.PageSeconds))
        {
            _page = _board.Page + 1;
            _pageShownAt = now;
            render = true;
        }
        foreach (var (phone, at) in _droppedAt.Where(d => now - d.Value >= NewFor).ToList()) _droppedAt.Remove(phone);
        if (render || NewMarks(now) != _newShown)
        {
            Refresh();
            StateHasChanged();
        }
    }

    private static long Minute(DateTimeOffset t) => t.ToUnixTimeSeconds() / 60;

    private void Refresh()
    {
        var numbers = ShownClient is null ? _fleet!.Numbers : _fleet!.Numbers.Where(Shows).ToList();
        _board = WallBoard.Of(numbers, _page);
        _page = _board.Page;
        _down = numbers.Where(IsDown).Select(n => n.Phone).ToHashSet();
        _newShown = NewMarks(_now);
    }

    private static bool IsDown(NumberView n) => n.Status is NumberStatus.Banned or NumberStatus.Disconnected;

    private bool Shows(NumberView n) => ShownClient is not { } client || string.Equals(n.Client, client, StringComparison.OrdinalIgnoreCase);

    /// <summary>Dropped within the last minute: seen dropping by this wall, or (after a reload) stamped so by the gateway.</summary>
    private bool IsNew(NumberView n, DateTimeOffset now) => IsDown(n) &&
        ((_droppedAt.TryGetValue(n.Phone, out var seen) && now - seen < NewFor)
         || (n.StatusChangedAt is { } at && at <= now && now - at < NewFor));

    private string NewMarks(DateTimeOffset now) => string.Join(",", _board.Tiles.Where(n => IsNew(n, now)).Select(n => n.Phone));

    /// <summary>The one client on show, or null for all.</summary>
    private string? ShownClient => _linkedClient ?? (string.IsNullOrWhiteSpace(Client) ? null : Client.Trim());

    private IEnumerable<(Standing Standing, int Count, string Word, string Icon)> Counters()
    {
        var c = _board.Counts;
        yield return (Standing.Banned, c.Banned, L["Wall_Banned"], Icons.Material.Filled.Block);
        yield return (Standing.Disconnected, c.Disconnected, L["Wall_Disconnected"], Icons.Material.Filled.LinkOff);
        yield return (Standing.Expired, c.Expired, L["Wall_Expired"], Icons.Material.Filled.HourglassBottom);
        yield return (Standing.AtRisk, c.AtRisk, L["Wall_AtRisk"], Icons.Material.Filled.HourglassTop);
        yield return (Standing.Unknown, c.Unknown, L["Wall_Unknown"], Icons.Material.Filled.HelpOutline);
        yield return (Standing.Healthy, c.Healthy, L["Wall_Healthy"], Icons.Material.Filled.CheckCircle);
    }

    private string NoNumbersDetail => ShownClient is { } client
        ? _fleet!.Numbers.Count == 0 ? L["Wall_NoNumbersYet"] : L["Wall_NoSuchClient", client]
        : L["Wall_NoNumbersYetHow"];

    private string MoreText
    {
        get
        {
            var b = _board;
            var turns = L["Wall_Turns", b.Page + 1, b.Pages, Options.Value.PageSeconds];
            return b.Mode switch
            {
                WallMode.Numbers when b.Pages > 1 => L["Wall_MoreNumbers", b.Counts.NeedAttention, turns, b.NumbersNotOnScreen],
                WallMode.Clients when b.Pages > 1 => L[b.ClientsNotOnScreen == 1 ? "Wall_MoreClientsOne" : "Wall_MoreClients", b.Counts.NeedAttention, turns, b.ClientsNotOnScreen],
                WallMode.Clients => L["Wall_ByClient", b.Counts.NeedAttention],
                _ => "",
            };
        }
    }

    private string Help => L["Wall_Help", FleetOptions.Value.AtRiskAfterDays, FleetOptions.Value.ExpiryDays];

    private double HealthyPercent() => _board.Counts.Total == 0 ? 0 : 100.0 * _board.Counts.Healthy / _board.Counts.Total;

    private async Task InBrowser(string function) => await InBrowser(_browser, function);

    private async Task InBrowser(IJSObjectReference? target, string function)
    {
        if (target is null) return;
        try
        {
            await target.InvokeVoidAsync(function);
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the page with it.
        }
        catch (Exception e)
        {
            WallLog.BrowserPartFailed(Logger, e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _clock?.Dispose();
        _fleet?.Dispose();
        await InBrowser(_watch, "stop");
        foreach (var reference in new[] { _watch, _browser })
        {
            try
            {
                if (reference is not null) await reference.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
        _self?.Dispose();
    }
}
