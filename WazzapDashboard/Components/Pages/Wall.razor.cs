using Humanizer;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using WazzapDashboard.Access;
using WazzapDashboard.Components.Shared;
using WazzapDashboard.Fleet;
using WazzapDashboard.Live;
using WazzapDashboard.Localization;

namespace WazzapDashboard.Components.Pages;

/// <summary>
/// The operations-room TV: what needs attention first and big, healthy numbers as a count.
/// Runs unattended; the reconnect script reloads it when the server comes back. Shows one client with
/// <c>?client=</c>, or always the one a wall link is limited to.
/// </summary>
public partial class Wall
{
    private const int MaxTiles = 15;

    [Inject] public required ChangeFeed Feed { get; init; }
    [Inject] public required FleetQueries Queries { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required AccessKeyStore Keys { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [CascadingParameter] public Task<AuthenticationState>? Authentication { get; set; }
    [CascadingParameter] public Viewer Viewer { get; set; } = Viewer.Utc;
    [SupplyParameterFromQuery(Name = "client")] public string? Client { get; set; }

    private LiveFleet? _fleet;
    private PeriodicTimer? _clock;
    private string? _linkedClient;
    private IReadOnlyList<NumberView> _attention = [];
    private FleetSummary _summary = new(0, 0, 0, 0, 0, 0);
    private DateTimeOffset _now;
    private DateTimeOffset? _lastUpdate;

    protected override async Task OnInitializedAsync()
    {
        // A wall link limited to a client shows only that client, whatever the address says.
        if (Authentication is not null)
        {
            _linkedClient = (await Authentication).User.FindFirst(WallLinks.ClientClaim)?.Value;
        }
        _fleet = new LiveFleet(Feed, Queries, InvokeAsync, _ =>
        {
            _lastUpdate = Time.GetUtcNow();
            Refresh();
            StateHasChanged();
            return Task.CompletedTask;
        });
        _lastUpdate = Time.GetUtcNow();
        Refresh();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive) _ = Tick();
    }

    private async Task Tick()
    {
        // A TV opened with a wall link keeps its circuit for weeks: recheck the link every minute.
        var wallLink = Authentication is null ? null : (await Authentication).User.FindFirst(WallLinks.KeyIdClaim)?.Value;
        _clock = new PeriodicTimer(TimeSpan.FromSeconds(1), Time);
        for (var tick = 1; await _clock.WaitForNextTickAsync(); tick++)
        {
            if (wallLink is not null && tick % 60 == 0 && !Keys.IsLive(long.Parse(wallLink)))
            {
                Navigation.NavigateTo(Navigation.Uri, forceLoad: true);
                return;
            }
            // Nothing on the wall is finer than a minute: re-render only when the minute turns.
            var now = Time.GetUtcNow();
            if (Minute(now) == Minute(_now)) continue;
            await InvokeAsync(() =>
            {
                _now = now;
                StateHasChanged();
            });
        }
    }

    private static long Minute(DateTimeOffset t) => t.ToUnixTimeSeconds() / 60;

    /// <summary>Numbers needing attention, worst first.</summary>
    public IReadOnlyList<NumberView> Attention => _attention;

    private void Refresh()
    {
        _now = Time.GetUtcNow();
        var numbers = ShownClient is not { } client
            ? _fleet!.Numbers
            : _fleet!.Numbers.Where(n => string.Equals(n.Client, client, StringComparison.OrdinalIgnoreCase)).ToList();
        _summary = FleetSummary.Of(numbers);
        _attention = HealthRules.WorstFirst(numbers)
            .Where(n => HealthRules.Of(n) is Health.Banned or Health.Disconnected or Health.AtRisk)
            .ToList();
    }

    /// <summary>The one client on show, or null for all.</summary>
    private string? ShownClient => _linkedClient ?? (string.IsNullOrWhiteSpace(Client) ? null : Client.Trim());

    private string TileStatus(NumberView n) => HealthRules.Of(n) switch
    {
        Health.AtRisk when n.Expired => L["Status_Expired"],
        Health.AtRisk => Wording.DaysLeft(n.DaysUntilExpiry),
        var health => L[$"Status_{health}"],
    };

    /// <summary>The account name, and the client when the wall shows them all and the name doesn't say it already.</summary>
    private string? TileName(NumberView n) =>
        n.Client is { } client && ShownClient is null && n.AccountName?.Contains(client, StringComparison.OrdinalIgnoreCase) != true
            ? $"{n.AccountName} · {client}"
            : n.AccountName;

    private string TileReason(NumberView n) => n.Status switch
    {
        NumberStatus.Connected => n.Expired ? L["Wall_ProbablyExpired"] : L["Wall_MustComeOnline"],
        NumberStatus.Banned => L["Wall_DontRescan"],
        _ => Wording.Describe(n.ReasonCategory),
    };

    private string TileSince(NumberView n) => n.Status switch
    {
        NumberStatus.Connected => L["Wall_PhoneSeen", Wording.Relative(n.PhoneLastSeenAt, _now)],
        _ when n.StatusChangedAt is { } at => _now - at < TimeSpan.FromMinutes(1)
            ? L["Wall_JustNow"]
            : L["Wall_For", (_now - at).Humanize(maxUnit: TimeUnit.Day, minUnit: TimeUnit.Minute)],
        _ => "",
    };

    private double HealthyPercent() => _summary.Total == 0 ? 0 : 100.0 * _summary.Healthy / _summary.Total;

    public ValueTask DisposeAsync()
    {
        _clock?.Dispose();
        _fleet?.Dispose();
        return ValueTask.CompletedTask;
    }
}
