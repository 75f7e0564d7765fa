using Microsoft.Playwright;
using WazzapDashboard.Tests.Components;
using WazzapDashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WazzapDashboard.Tests.Localization;

/// <summary>A browser in Mexico City, set to Mexican Spanish, gets Spanish and local times with nobody choosing anything.</summary>
[Collection(BrowserCollection.Name)]
public class LocalizedBrowserTests(Browser browser)
{
    [Fact]
    public async Task ABrowserInMexicoCitySeesSpanishAndLocalTimes()
    {
        await using var app = new WazzapApplication(realServer: true);
        // 11:00 UTC is 05:00 in Mexico City; the fake clock says 12:00 UTC (06:00 there).
        await app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", timestamp: "2026-05-15T11:00:00Z", reason: "Linked device session expired: phone offline"));
        var options = new BrowserNewPageOptions { Locale = "es-MX", TimezoneId = "America/Mexico_City" };

        var fleet = await browser.Open(app.ClientOptions.BaseAddress, options, username: "Usuario", password: "Contraseña", signInButton: "Iniciar sesión");
        await Expect(fleet.Page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await Expect(fleet.Page.GetByRole(AriaRole.Button, new() { Name = "Todos los clientes" })).ToBeVisibleAsync();
        await Expect(fleet.Page.Locator("tbody tr", new PageLocatorOptions { HasText = "+62 812-3456-7890" })).ToContainTextAsync("Teléfono sin conexión demasiado tiempo");
        await fleet.Screenshot("16-fleet-es");

        var number = await browser.Open(new Uri(app.ClientOptions.BaseAddress, "/numbers/+6281234567890"), new BrowserNewPageOptions(options), username: "Usuario", password: "Contraseña", signInButton: "Iniciar sesión");
        // The browser's zone, read over the circuit, names the times on the page.
        await Expect(number.Page.Locator("[data-zone]")).ToHaveAttributeAsync("data-zone", "America/Mexico_City");
        await Expect(number.Page.Locator(".since")).ToContainTextAsync("desde el 15 may 2026, 05:00");
        await Expect(number.Page.GetByText("Qué hacer")).ToBeVisibleAsync();
        await number.Screenshot("16-number-es");

        var wall = await browser.Open(new Uri(app.ClientOptions.BaseAddress, "/wall"), new BrowserNewPageOptions(options), username: "Usuario", password: "Contraseña", signInButton: "Iniciar sesión");
        await Expect(wall.Page.Locator(".wall-clock")).ToHaveTextAsync("06:00");
        await Expect(wall.Page.Locator(".wall-subtitle")).ToHaveTextAsync("pantalla de la flota");
        await wall.Screenshot("16-wall-es");

        fleet.AssertNoProblems();
        number.AssertNoProblems();
        wall.AssertNoProblems();
    }

    [Theory]
    [InlineData("en-US", "Asia/Jakarta", "Sign in", "Username", "Password", "All clients")]
    [InlineData("pt-BR", "America/Sao_Paulo", "Entrar", "Usuário", "Senha", "Todos os clientes")]
    public async Task EachLanguageForScreenshots(string locale, string zone, string signIn, string username, string password, string allClients)
    {
        await using var app = new WazzapApplication(realServer: true);
        await app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", timestamp: "2026-05-15T11:00:00Z", reason: "Account banned for spam"));
        await app.PostWazzapi(Fixtures.Wazzapi("device.connected", timestamp: "2026-05-15T10:00:00Z", phone: "+6281111111111"));
        var options = new BrowserNewPageOptions { Locale = locale, TimezoneId = zone };

        var fleet = await browser.Open(app.ClientOptions.BaseAddress, options, username: username, password: password, signInButton: signIn);
        await Expect(fleet.Page.GetByRole(AriaRole.Button, new() { Name = allClients })).ToBeVisibleAsync();
        await Expect(fleet.Page.Locator("tbody tr", new PageLocatorOptions { HasText = "+62 811-1111-1111" })).ToBeVisibleAsync();
        await fleet.Screenshot($"16-fleet-{locale}");
        var number = await browser.Open(new Uri(app.ClientOptions.BaseAddress, "/numbers/+6281234567890"), new BrowserNewPageOptions(options), username: username, password: password, signInButton: signIn);
        await Expect(number.Page.Locator("[data-zone]")).ToHaveAttributeAsync("data-zone", zone);
        await number.Screenshot($"16-number-{locale}");
        var wall = await browser.Open(new Uri(app.ClientOptions.BaseAddress, "/wall"), new BrowserNewPageOptions(options), username: username, password: password, signInButton: signIn);
        await Expect(wall.Page.Locator(".wall-clock")).ToHaveAttributeAsync("data-zone", zone);
        await wall.Screenshot($"16-wall-{locale}");
        fleet.AssertNoProblems();
        number.AssertNoProblems();
        wall.AssertNoProblems();
    }

    [Fact]
    public async Task AUserPicksALanguageOnTheProfilePage()
    {
        await using var app = new WazzapApplication(realServer: true);
        var profile = await browser.Open(new Uri(app.ClientOptions.BaseAddress, "/profile"));
        await Expect(profile.Page.Locator("h1")).ToHaveTextAsync("Profile");

        await profile.Page.Locator("[data-field=language]").ClickAsync();
        await profile.Page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasText = "Português (Brasil)" }).ClickAsync();
        await profile.Page.Locator("[data-action=save-profile]").ClickAsync();

        await Expect(profile.Page.Locator("html")).ToHaveAttributeAsync("lang", "pt-BR");
        await Expect(profile.Page.Locator("h1")).ToHaveTextAsync("Perfil");
        await Expect(profile.Page.Locator("[data-interactive=true]").First).ToBeAttachedAsync();
        foreach (var (width, height) in new[] { (390, 844), (960, 540), (1366, 768), (1920, 1080), (3840, 2160) })
        {
            await profile.Page.SetViewportSizeAsync(width, height);
            await profile.Screenshot($"16-profile-pt-BR-{width}x{height}");
        }
        profile.AssertNoProblems();
    }

    /// <summary>Spanish and Portuguese say most things at greater length: nothing sticks out of the screen or is cut off.</summary>
    [Theory]
    [InlineData("es-MX", "America/Mexico_City", 1366, 768)]
    [InlineData("es-MX", "America/Mexico_City", 390, 844)]
    [InlineData("es-MX", "America/Mexico_City", 1024, 768)]
    [InlineData("pt-BR", "America/Sao_Paulo", 1366, 768)]
    [InlineData("pt-BR", "America/Sao_Paulo", 390, 844)]
    public async Task TheLongerWordsFitTheScreen(string locale, string zone, int width, int height)
    {
        await using var app = await ScreensBrowserTests.StartWithFleet();
        var (username, password, signIn) = locale == "pt-BR" ? ("Usuário", "Senha", "Entrar") : ("Usuario", "Contraseña", "Iniciar sesión");
        var options = new BrowserNewPageOptions { Locale = locale, TimezoneId = zone, ViewportSize = new ViewportSize { Width = width, Height = height } };
        var size = $"{width}x{height}";

        var fleet = await browser.Open(app.ClientOptions.BaseAddress, options, username: username, password: password, signInButton: signIn);
        await Expect(fleet.Page.Locator("html")).ToHaveAttributeAsync("lang", locale == "pt-BR" ? "pt-BR" : "es");
        await Expect(fleet.Page.Locator(width < 700 ? ".number-card" : ".fleet-grid tbody tr.mud-table-row").First).ToContainTextAsync("+62 811-0000-0003");
        await fleet.Screenshot($"16-fleet-{locale}-{size}");
        Assert.Equal("", await ScreensBrowserTests.WiderThanTheScreen(fleet.Page));
        // The top bar clips what does not fit (the user and "sign out" would just vanish) rather than scroll.
        Assert.True(await fleet.Page.EvaluateAsync<bool>("() => [...document.querySelectorAll('.mud-appbar .mud-toolbar > *')].every(e => e.getBoundingClientRect().right <= innerWidth)"),
            "the top bar is wider than the screen");

        await fleet.Page.GotoAsync(new Uri(app.ClientOptions.BaseAddress, "/numbers/%2B6281100000003").ToString());
        await fleet.Page.Locator("[data-interactive=true]").First.WaitForAsync();
        await Expect(fleet.Page.Locator("h1")).ToHaveTextAsync("+62 811-0000-0003");
        await fleet.Screenshot($"16-number-{locale}-{size}");
        Assert.Equal("", await ScreensBrowserTests.WiderThanTheScreen(fleet.Page));

        await fleet.Page.GotoAsync(new Uri(app.ClientOptions.BaseAddress, "/wall").ToString());
        await fleet.Page.Locator("[data-interactive=true]").First.WaitForAsync();
        await Expect(fleet.Page.Locator(".wall-tile[data-phone]").First).ToBeVisibleAsync();
        await WallBrowserTests.FitsTheScreen(fleet, $"16-wall-{locale}-{size}", (width, height));
        fleet.AssertNoProblems();
    }
}
