using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using WazzapDashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WazzapDashboard.Tests.Deployment;

/// <summary>
/// The published app behind nginx over https://: what the browser, the gateways and an attacker see.
/// nginx connects to the app from <see cref="PublishedBehindNginx.Proxy"/>; clients connect from other
/// loopback addresses (127.0.0.2, .3, .4) so the app can tell them apart.
/// </summary>
[Collection(BrowserCollection.Name)]
public class BehindNginxTests(Browser browser, PublishedBehindNginx site) : IClassFixture<PublishedBehindNginx>
{
    [Fact]
    public async Task ChromiumSignsInOverHttpsAndSeesALiveUpdateThroughTheProxiedWebSocket()
    {
        var fleet = await browser.Open(site.Https);

        using var gateway = PublishedBehindNginx.Client(site.Https);
        var stored = await gateway.SendAsync(PublishedBehindNginx.SignedDelivery(
            Fixtures.Wazzapi("device.disconnected", phone: "6281299990001", timestamp: Now(), reason: "Account banned for spam")));
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);

        var row = fleet.Page.Locator("tbody tr", new PageLocatorOptions { HasText = "+62 812-9999-0001" });
        await Expect(row.Locator(".status-chip")).ToHaveAttributeAsync("data-status", "Banned");
        Assert.Contains(fleet.WebSockets, url => url.StartsWith($"wss://127.0.0.1:{site.HttpsPort}/_blazor", StringComparison.Ordinal));
        var cookies = await fleet.Page.Context.CookiesAsync();
        Assert.Contains(cookies, c => c.Name == "wazzap.auth");
        Assert.All(cookies, c => Assert.True(c.Secure, $"{c.Name} is not Secure"));
        await fleet.Screenshot("behind-nginx");
        fleet.AssertNoProblems();
    }

    [Fact]
    public async Task ASignedWebhookThroughTheProxyIsStored()
    {
        using var gateway = PublishedBehindNginx.Client(site.Https, from: "127.0.0.5");

        var response = await gateway.SendAsync(PublishedBehindNginx.SignedDelivery(
            Fixtures.Wazzapi("device.connected", phone: "6281299990002", timestamp: Now(), reason: "Connected")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("stored", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("result").GetString());
        var number = new HttpRequestMessage(HttpMethod.Get, "/api/numbers/6281299990002");
        number.Headers.Add("X-Api-Key", PublishedBehindNginx.ApiKey);
        var stored = JsonDocument.Parse(await (await gateway.SendAsync(number)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("connected", stored.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TheAppSeesTheSchemeAndHostTheClientUsedAndSendsHsts()
    {
        using var client = PublishedBehindNginx.Client(site.Https);
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "fleet.example.test";

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("https://fleet.example.test/login?ReturnUrl=%2F", response.Headers.Location?.ToString());
        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public async Task EachClientBehindTheProxyHasItsOwnSignInLimit()
    {
        using var first = PublishedBehindNginx.Client(site.Https, from: "127.0.0.2");
        using var second = PublishedBehindNginx.Client(site.Https, from: "127.0.0.3");

        for (var i = 0; i < PublishedBehindNginx.LoginPerMinute; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await Login(first)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Login(first)).StatusCode);
        // nginx replaces whatever X-Forwarded-For a client sends with the address it sees.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Login(first, forwardedFor: "203.0.113.7")).StatusCode);

        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await Login(second)).StatusCode);
    }

    [Fact]
    public async Task AForgedForwardedForSentStraightToTheAppIsIgnored()
    {
        // 127.0.0.4 is not the trusted proxy: each request claims another client, and all count as 127.0.0.4.
        using var forger = PublishedBehindNginx.Client(site.Direct, from: "127.0.0.4");

        for (var i = 0; i < PublishedBehindNginx.LoginPerMinute; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await Login(forger, forwardedFor: $"203.0.113.{i + 1}")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Login(forger, forwardedFor: "203.0.113.100")).StatusCode);
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A wrong password (no antiforgery token: refused either way, but counted first).</summary>
    private static Task<HttpResponseMessage> Login(HttpClient client, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "nobody", ["password"] = "wrong-password" }),
        };
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }
}
