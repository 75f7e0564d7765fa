using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using WazzapDashboard.Access;
using WazzapDashboard.Components.Roster;
using WazzapDashboard.Fleet;
using WazzapDashboard.Live;
using WazzapDashboard.Localization;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Components;

/// <summary>The roster page against the real app's writer and store, so a saved edit is a committed one.</summary>
public class RosterPageTests : IAsyncLifetime
{
    private readonly WazzapApplication _app = new();
    private readonly BunitContext _context = new();
    private readonly Bunit.TestDoubles.BunitAuthorizationContext _authorization;

    public RosterPageTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddTexts();
        foreach (var type in new[] { typeof(ChangeFeed), typeof(FleetQueries), typeof(FleetActions), typeof(TimeProvider), typeof(LiveFleets) })
        {
            _context.Services.AddSingleton(type, _app.Services.GetRequiredService(type));
        }
        _authorization = _context.AddAuthorization();
        _authorization.SetAuthorized("ana").SetRoles(Roles.Support).SetPolicies(Policies.Read, Policies.Support);
        _context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private FleetQueries Fleet => _app.Services.GetRequiredService<FleetQueries>();

    /// <summary>The page with the providers MainLayout gives it, so dialogs open.</summary>
    private IRenderedComponent<ContainerFragment> Render() => _context.Render(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudDialogProvider>(1);
        builder.CloseComponent();
        builder.OpenComponent<RosterPage>(2);
        builder.CloseComponent();
    });

    private static void Fill(IRenderedComponent<ContainerFragment> page, string field, string value) =>
        page.Find($".mud-dialog [data-field={field}]").Change(value);

    [Fact]
    public void AddsANumberWithItsClientBeforeItEverReports()
    {
        var page = Render();

        page.Find("[data-action=add]").Click();
        Fill(page, "phone", "+62 812-3456-7891");
        Fill(page, "client", "Acme");
        Fill(page, "owner", "Budi");
        page.Find("[data-action=save]").Click();

        page.WaitForAssertion(() =>
        {
            var number = Fleet.Find("+6281234567891");
            Assert.NotNull(number);
            Assert.Equal(("Acme", "Budi", NumberStatus.Unknown), (number.Client, number.Owner, number.Status));
            Assert.Contains("+62 812-3456-7891", page.Find(".roster-grid").TextContent);
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void ABadPhoneIsExplainedAndNothingIsSaved()
    {
        var page = Render();

        page.Find("[data-action=add]").Click();
        Fill(page, "phone", "12ab");
        page.Find("[data-action=save]").Click();

        page.WaitForAssertion(() => Assert.Contains("not a phone number", page.Find("[data-problem]").TextContent), TimeSpan.FromSeconds(5));
        Assert.Empty(Fleet.All());
    }

    [Fact]
    public async Task EditsAndRemovesANumberKeepingItsHistory()
    {
        await _app.PostWazzapi(Fixtures.WazzapiDisconnected);
        var page = Render();

        page.Find("[data-action=edit]").Click();
        Fill(page, "client", "Kopi Kita");
        page.Find("[data-action=save]").Click();
        page.WaitForAssertion(() => Assert.Equal("Kopi Kita", Fleet.Find("+6281234567890")?.Client), TimeSpan.FromSeconds(5));

        await page.InvokeAsync(() => page.Find("[data-action=remove]").Click());
        page.WaitForElement(".mud-message-box");
        await page.InvokeAsync(() => page.FindAll(".mud-message-box button").Single(b => b.TextContent.Trim() == "Remove").Click());

        page.WaitForAssertion(() => Assert.Empty(Fleet.All()), TimeSpan.FromSeconds(5));
        Assert.Equal(1, _app.Count("events"));
    }

    [Fact]
    public void OnlyAdminsImport()
    {
        Assert.Empty(Render().FindAll("[data-action=import]"));
    }

    [Fact]
    public void ABadFileIsRejectedWithLineNumbersAndNothingImported()
    {
        _authorization.SetRoles(Roles.Admin).SetPolicies(Policies.Read, Policies.Support, Policies.Admin);
        var page = Render();

        page.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(
            InputFileContent.CreateFromText(File.ReadAllText("TestData/roster/bad-roster.csv"), "bad-roster.csv"));

        page.WaitForAssertion(() =>
        {
            var alert = page.Find("[data-import]").TextContent;
            Assert.Contains("nothing was imported", alert);
            Assert.Contains("Line 3:", alert);
            Assert.Contains("Line 6:", alert);
        }, TimeSpan.FromSeconds(5));
        Assert.Empty(Fleet.All());
    }

    [Fact]
    public void AGoodFileIsImported()
    {
        _authorization.SetRoles(Roles.Admin).SetPolicies(Policies.Read, Policies.Support, Policies.Admin);
        var page = Render();

        page.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(
            InputFileContent.CreateFromText(File.ReadAllText("TestData/roster/roster.csv"), "roster.csv"));

        page.WaitForAssertion(() => Assert.Contains("added", page.Find("[data-import]").TextContent), TimeSpan.FromSeconds(5));
        Assert.Equal("Acme", Fleet.Find("+6281234567890")?.Client);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _app.DisposeAsync();
    }
}
