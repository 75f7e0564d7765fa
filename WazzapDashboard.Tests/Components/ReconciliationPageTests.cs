using Bunit;
using Dapper;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using WazzapDashboard.Localization;
using WazzapDashboard.Components.Admin;
using WazzapDashboard.Fleet;
using WazzapDashboard.Reconciliation;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Components;

/// <summary>The admin page that shows the last poll of Wazzapi's device API.</summary>
public class ReconciliationPageTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 5, 15, 12, 0, 0, TimeSpan.Zero);
    private readonly BunitContext _context = new();
    private readonly string _database = TestStore.NewDatabase();
    private readonly ReconciliationStatus _status;

    public ReconciliationPageTests() => _status = new(TestStore.Database(_database));

    private IRenderedComponent<ReconciliationPage> Render(string? apiKey = "key", string interval = "00:05:00")
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddTexts();
        _context.Services.AddSingleton(_status);
        _context.Services.AddSingleton(Options.Create(new ReconciliationOptions { ApiKey = apiKey, PollInterval = TimeSpan.Parse(interval) }));
        _context.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        _context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return _context.Render<ReconciliationPage>();
    }

    private static PollResult Ok(params PollDifference[] differences) =>
        new(Now.AddSeconds(-3), Now, null, 120, differences, new Dictionary<string, int> { ["hibernating"] = 2 }, 1);

    [Fact]
    public void WithoutAKeyItSaysHowToTurnItOn()
    {
        var page = Render(apiKey: null);

        Assert.Contains("Wazzapi:ApiKey", page.Find("[data-reconciliation=off]").TextContent);
    }

    [Fact]
    public void WhenTheDatabaseCannotBeReadItSaysSo()
    {
        using (var connection = TestStore.Open(_database)) connection.Execute("DROP TABLE reconciliation_status");

        var page = Render();

        Assert.Contains("could not be read from the database", page.Find("[data-reconciliation=unreadable]").TextContent);
    }

    [Fact]
    public void ShowsTheLastPollItsDifferencesAndTheStatusesItCouldNotRead()
    {
        var page = Render(interval: "00:10:00");
        Assert.NotNull(page.Find("[data-reconciliation=pending]"));
        Assert.Contains("every 10 minutes", page.Markup);

        _status.Record(Ok(
            new PollDifference("+6281234567890", "Sales 1", NumberStatus.Connected, "logged_out", PollEvents.Disconnected, false),
            new PollDifference("+6281299990000", "Front desk", null, "connected", PollEvents.Connected, true)), _ => Now.AddMinutes(10));

        page.WaitForAssertion(() => Assert.Contains("120 devices read, 2 differences found", page.Find("[data-reconciliation=ok]").TextContent));
        var rows = page.FindAll("[data-difference]");
        Assert.Equal(["+6281234567890", "+6281299990000"], rows.Select(r => r.GetAttribute("data-difference")));
        Assert.Contains("Connected", rows[0].TextContent);
        Assert.Contains("logged_out", rows[0].TextContent);
        Assert.Contains("not on the roster", rows[1].TextContent);
        Assert.Contains("hibernating", page.Find("[data-unrecognised]").TextContent);
        Assert.Contains("1 device without a readable phone number", page.Markup);
    }

    [Fact]
    public void AFailedPollIsShownWithItsErrorAndTheLastGoodOne()
    {
        _status.Record(Ok(), _ => Now.AddMinutes(5));
        _status.Record(new PollResult(Now.AddMinutes(5), Now.AddMinutes(6), "The device API answered 503 Service Unavailable.", 0, [],
            new Dictionary<string, int>(), 0), _ => Now.AddMinutes(16));

        var page = Render();

        Assert.NotNull(page.Find("[data-reconciliation=failed]"));
        var error = page.Find("[data-poll-error]").TextContent;
        Assert.Contains("503 Service Unavailable", error);
        Assert.Contains("Last successful poll: 15 May 2026, 12:00", error);
        Assert.Contains("Next poll 15 May 2026, 12:16, later than usual after a failure", page.Markup);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        TestStore.Delete(_database);
    }
}
