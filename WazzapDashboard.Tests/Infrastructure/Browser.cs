using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace WazzapDashboard.Tests.Infrastructure;

/// <summary>
/// One headless Debian chromium for the browser tests (Playwright's own browser download cannot
/// work offline). A page fails its test on any console error or HTTP answer of 400 or more.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>Opens <paramref name="url"/> in a fresh browser context, signing in first unless <paramref name="signIn"/> is false.</summary>
    public Task<WatchedPage> Open(Uri url, bool signIn = true) => Open(url, new BrowserNewPageOptions(), signIn);

    /// <summary>As a browser set to <paramref name="options"/> (its locale, its time zone), signing in through the form in that language.</summary>
    public async Task<WatchedPage> Open(Uri url, BrowserNewPageOptions options, bool signIn = true,
        string username = "Username", string password = "Password", string signInButton = "Sign in")
    {
        options.ViewportSize ??= new ViewportSize { Width = 1920, Height = 1080 };
        // HTTPS errors are ignored for the deployment test's self-signed certificate.
        options.IgnoreHTTPSErrors = true;
        var page = await _browser!.NewPageAsync(options);
        var watched = new WatchedPage(page);
        if (signIn)
        {
            await page.GotoAsync(new Uri(url, "/login").ToString());
            await page.GetByLabel(username).FillAsync(WazzapApplication.AdminUser);
            await page.GetByLabel(password).FillAsync(WazzapApplication.AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = signInButton }).ClickAsync();
            // Signed in once the redirect away from /login commits. Not WaitForURL: when the address already
            // matches, it waits for the load event of the page landed on, which is not the one under test.
            await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/login"));
        }
        // Not the load event, which waits on every asset of a page still prerendering on a loaded machine:
        // the page is ready once its circuit renders interactively.
        await page.GotoAsync(url.ToString(), new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator("[data-interactive=true]").First.WaitForAsync();
        return watched;
    }

    /// <summary>Opens a page with no circuit (the sign-in form) in a fresh, signed-out context.</summary>
    public async Task<WatchedPage> OpenSignedOut(Uri url)
    {
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        var watched = new WatchedPage(page);
        await page.GotoAsync(url.ToString());
        return watched;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

public sealed class WatchedPage
{
    private readonly List<string> _problems = [];

    public WatchedPage(IPage page)
    {
        Page = page;
        page.Console += (_, message) => { if (message.Type == "error") _problems.Add($"console: {message.Text}"); };
        page.PageError += (_, error) => _problems.Add($"page error: {error}");
        page.Response += (_, response) => { if (response.Status >= 400) _problems.Add($"HTTP {response.Status} {response.Url}"); };
        page.WebSocket += (_, socket) => { lock (_webSockets) _webSockets.Add(socket.Url); };
    }

    private readonly List<string> _webSockets = [];

    /// <summary>The URL of every WebSocket the page opened.</summary>
    public IReadOnlyList<string> WebSockets { get { lock (_webSockets) return [.. _webSockets]; } }

    public IPage Page { get; }

    public void AssertNoProblems() => Assert.True(_problems.Count == 0, string.Join(Environment.NewLine, _problems));

    /// <summary>Saves a screenshot of the viewport when WAZZAP_SCREENSHOTS names a folder, for a person to look at.</summary>
    public async Task Screenshot(string name)
    {
        if (Environment.GetEnvironmentVariable("WAZZAP_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png") });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Browser>
{
    public const string Name = "browser";
}
