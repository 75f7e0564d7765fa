using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using WazzapDashboard.Access;
using WazzapDashboard.Fleet;
using WazzapDashboard.History;
using WazzapDashboard.Live;
using WazzapDashboard.Localization;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Tests.Infrastructure;

/// <summary>
/// bUnit with the app's real pieces behind the components: a migrated SQLite file, the single writer
/// (so events arrive the way webhooks deliver them, published on the real change feed), a fake clock
/// and a signed-in support user.
/// </summary>
public abstract class ComponentHost : IAsyncLifetime
{
    public const string Phone = "+6281234567890";

    private readonly string _path = TestStore.NewDatabase();
    private FleetWriter? _writer;

    protected ComponentHost()
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddLogging();
        Context.Services.AddSingleton(TestStore.Database(_path));
        Context.Services.AddSingleton<TimeProvider>(Time);
        Context.Services.AddSingleton(Options.Create(new FleetOptions()));
        Context.Services.AddSingleton(Options.Create(new IngestOptions()));
        Context.Services.AddSingleton<ChangeFeed>();
        Context.Services.AddSingleton(Options.Create(Live));
        Context.Services.AddSingleton<LiveFleets>();
        Context.Services.AddSingleton<LiveSnapshot>();
        Context.Services.AddSingleton<FleetQueries>();
        Context.Services.AddSingleton<HistoryQueries>();
        Context.Services.AddSingleton(Options.Create(new HistoryOptions()));
        Context.Services.AddSingleton<TimelineQueries>();
        Context.Services.AddSingleton<Incidents>();
        Context.Services.AddMetrics();
        Context.Services.AddSingleton<FleetMetrics>();
        Context.Services.AddSingleton<StorageHealth>();
        Context.Services.AddSingleton<FleetWriter>();
        Context.Services.AddSingleton<FleetActions>();
        Context.Services.AddSingleton(Options.Create(new GatewaySilenceOptions()));
        Context.Services.AddSingleton<GatewayWatch>();
        Context.Services.AddSingleton<AccessKeyStore>();
        Context.Services.AddTexts();
        // Signed in as support unless a test says otherwise.
        Auth = Context.AddAuthorization();
        Auth.SetAuthorized(User).SetRoles(Roles.Support).SetPolicies(Policies.Read, Policies.Support);
        // After every Services.Add*: the components read RendererInfo.
        Context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected BunitContext Context { get; } = new();

    protected const string User = "Anna";

    protected BunitAuthorizationContext Auth { get; }

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 5, 15, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Live changes go out at once unless a test sets a throttle (then it moves <see cref="Time"/>).</summary>
    protected LiveOptions Live { get; } = new() { Throttle = TimeSpan.Zero };

    protected T Get<T>() where T : notnull => Context.Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        Get<Database>().Migrate();
        _writer = Get<FleetWriter>();
        await _writer.StartAsync(CancellationToken.None);
        Context.Render<MudPopoverProvider>();
    }

    public async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        if (_writer is not null) await _writer.StopAsync(CancellationToken.None);
        WazzapApplication.DeleteDatabase(_path);
    }

    /// <summary>Commits an event through the writer, as a webhook would.</summary>
    protected async Task Deliver(string type, DateTimeOffset at, string? reason = null, string phone = Phone)
    {
        var payload = System.Text.Json.JsonSerializer.Serialize(new
        {
            id = Guid.NewGuid(),
            event_type = type,
            timestamp = at,
            data = new { phone_number = phone, reason },
        });
        var e = new FleetEvent("wazzapi", Guid.NewGuid().ToString(), null, type, phone, "ID", null, "Primary Device", reason, at, at, payload);
        Assert.Equal(WriteResult.Stored, await _writer!.TrySubmit(e)!);
    }

    protected DateTimeOffset HoursAgo(double hours) => Time.GetUtcNow().AddHours(-hours);
}
