using System.Net;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using WazzapDashboard.Access;
using WazzapDashboard.Alerts;
using WazzapDashboard.Components.Admin;
using WazzapDashboard.Fleet;
using WazzapDashboard.Localization;
using WazzapDashboard.Tests.Infrastructure;
using static WazzapDashboard.Tests.Alerts.Alerting;

namespace WazzapDashboard.Tests.Components;

/// <summary>The alerts page on the running app's own services (settings, outbox, sender), rendered by bUnit.</summary>
public class AlertsPageTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private FakeReceiver _receiver = null!;
    private WazzapApplication _app = null!;

    public async Task InitializeAsync()
    {
        _receiver = await FakeReceiver.Start();
        _app = new WazzapApplication(settings: Settings(
            [.. Channel(0, "ops", "webhook", ("Url", _receiver.Url("/hook/path-token")), ("Secret", "ops-secret")), .. Rule(0, "ops", "disconnected")]));
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddTexts();
        foreach (var type in new[] { typeof(AlertSettings), typeof(AlertSender), typeof(Outbox), typeof(RelayQueue), typeof(AlertActivity), typeof(FleetQueries), typeof(TimeProvider) })
        {
            _context.Services.AddSingleton(type, _app.Services.GetRequiredService(type));
        }
        _context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private IRenderedComponent<AlertsPage> Render() => _context.Render<AlertsPage>();

    private static void Tab(IRenderedComponent<AlertsPage> page, string title) =>
        page.FindAll(".mud-tab").First(t => t.TextContent.Trim().StartsWith(title, StringComparison.Ordinal)).Click();

    private static void Type(IRenderedComponent<AlertsPage> page, string field, string text) =>
        page.Find($"input[data-field={field}]").Input(text);

    [Fact]
    public void SendTestSaysWhetherTheChannelAnswered()
    {
        var page = Render();

        page.Find("[data-channel-row=ops] [data-action=send-test]").Click();
        page.WaitForAssertion(() => Assert.Equal("Test sent", page.Find("[data-channel-row=ops] [data-test-result]").TextContent));
        Assert.Equal("test", Assert.Single(_receiver.Accepted).Json.GetProperty("kind").GetString());

        _receiver.Answer = HttpStatusCode.ServiceUnavailable;
        page.Find("[data-channel-row=ops] [data-action=send-test]").Click();
        page.WaitForAssertion(() => Assert.StartsWith("HTTP 503", page.Find("[data-channel-row=ops] [data-test-result]").TextContent));
    }

    [Fact]
    public void TheChannelListShowsWhereItSendsButNoSecret()
    {
        var page = Render();

        var row = page.Find("[data-channel-row=ops]").TextContent;
        Assert.Contains("127.0.0.1", row);
        Assert.Contains("signed", row);
        Assert.DoesNotContain("path-token", page.Markup);
        Assert.DoesNotContain("ops-secret", page.Markup);
    }

    [Fact]
    public void AChannelIsAddedOnceItsProblemsAreFixedAndEditedWithoutShowingItsSecret()
    {
        var page = Render();
        page.Find("[data-action=new-channel]").Click();
        Type(page, "name", "n8n");
        Type(page, "url", "not a url");
        Type(page, "secret", "n8n-secret");

        page.Find("[data-action=save-channel]").Click();
        Assert.Contains("needs an http(s) URL", page.Find("[data-problem]").TextContent);
        Assert.Null(_app.Services.GetRequiredService<AlertSettings>().Channel("n8n"));

        Type(page, "url", "https://n8n.agency.test/webhook/abc");
        page.Find("[data-action=save-channel]").Click();

        Assert.Empty(page.FindAll("[data-channel-form]"));
        Assert.Contains("https://n8n.agency.test/…", page.Find("[data-channel-row=n8n]").TextContent);
        Assert.Equal("n8n-secret", _app.Services.GetRequiredService<AlertSettings>().Channel("n8n")!.Secret);

        page.FindAll("[data-channel-row=n8n] button").Single(b => b.TextContent.Trim() == "Edit").Click();
        Assert.Equal("", page.Find("input[data-field=secret]").GetAttribute("value") ?? "");
        page.Find("[data-action=save-channel]").Click();
        Assert.Equal("n8n-secret", _app.Services.GetRequiredService<AlertSettings>().Channel("n8n")!.Secret);
    }

    [Fact]
    public void ARuleIsAddedForAClientAndItsChannels()
    {
        var page = Render();
        Tab(page, "Rules");
        page.Find("[data-action=new-rule]").Click();
        Type(page, "rule-name", "Acme outages");
        Type(page, "rule-clients", "Acme, Kopi");
        page.Find("input[data-change=reconnected]").Change(true);
        page.Find("input[data-channel=ops]").Change(true);

        page.Find("[data-action=save-rule]").Click();

        var rule = _app.Services.GetRequiredService<AlertSettings>().Rules().Single(r => !r.FromConfig);
        Assert.Equal("Acme outages", rule.Name);
        Assert.Equal(["disconnected", "banned", "reconnected"], rule.Changes);
        Assert.Equal(["Acme", "Kopi"], rule.Clients);
        Assert.Equal(["ops"], rule.Channels);
        Assert.Contains("clients Acme, Kopi", page.Find("[data-rule-row='Acme outages']").TextContent);
    }

    [Fact]
    public async Task AFailedDeliveryShowsItsLastErrorAndCanBeRetriedNow()
    {
        _receiver.Answer = HttpStatusCode.InternalServerError;
        await _app.PostWazzapi(Disconnected());
        await Eventually(() => Assert.Equal(1, Assert.Single(_app.Outbox()).Attempts));
        var page = Render();
        Tab(page, "Deliveries · 1 failing");

        // The sender records the failure while the page renders: wait for the row to show it.
        page.WaitForAssertion(() => Assert.StartsWith("HTTP 500 Internal Server Error",
            page.Find("[data-outbox-row][data-state=Retrying] [data-last-error]").TextContent), TimeSpan.FromSeconds(10));

        _receiver.Answer = HttpStatusCode.OK;
        await page.InvokeAsync(() => page.Find("[data-outbox-row][data-state=Retrying] [data-action=retry]").Click());

        await Eventually(() => Assert.Single(_receiver.Accepted));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-outbox-row][data-state=Sent]")), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(Roles.Viewer, false)]
    [InlineData(Roles.Support, false)]
    [InlineData(Roles.Admin, true)]
    public async Task OnlyAdminsSeeTheAlertsLinkAndOpenThePage(string role, bool admin)
    {
        _app.Services.GetRequiredService<UserStore>().Create("someone", "a-long-password", role);
        var client = _app.CreateAnonymousClient();
        await SignIn.As(client, "someone", "a-long-password");

        Assert.Equal(admin, (await client.GetStringAsync("/")).Contains("href=\"/admin/alerts\""));
        var page = await client.GetAsync("/admin/alerts");
        if (admin) Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        else Assert.Equal("/denied", page.Headers.Location!.AbsolutePath);
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
    }
}
