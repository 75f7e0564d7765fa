using System.Net;
using System.Text.RegularExpressions;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Hosting;

/// <summary>The app on a real socket: the test is the proxy, on loopback (trusted by default) or not.</summary>
public class ProxyTests
{
    [Fact]
    public async Task SignInLimitsFollowTheClientATrustedProxyNames()
    {
        await using var app = new WazzapApplication(realServer: true, settings: new Dictionary<string, string?> { ["RateLimits:LoginPerMinute"] = "2" });
        var client = app.CreateAnonymousClient();

        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await Login(client, "203.0.113.1")).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await Login(client, "203.0.113.1")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Login(client, "203.0.113.1")).StatusCode);

        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await Login(client, "203.0.113.2")).StatusCode);
    }

    [Fact]
    public async Task ForwardedHeadersFromAnUntrustedAddressAreIgnored()
    {
        await using var app = new WazzapApplication(realServer: true, settings: new Dictionary<string, string?>
        {
            ["RateLimits:LoginPerMinute"] = "2",
            ["Proxy:KnownProxies:0"] = "192.0.2.10",
        });
        var client = app.CreateAnonymousClient();

        // Each request claims another client; all come from 127.0.0.1, which is not the proxy.
        await Login(client, "203.0.113.1");
        await Login(client, "203.0.113.2");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Login(client, "203.0.113.3")).StatusCode);
    }

    [Fact]
    public async Task CookiesAreSecureWhenTheProxySaysHttps()
    {
        await using var app = new WazzapApplication(realServer: true);

        var overHttps = await SignInThroughProxy(app, "https");
        var overHttp = await SignInThroughProxy(app, "http");

        Assert.Equal(2, overHttps.Count); // antiforgery and sign-in
        Assert.All(overHttps, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.All(overHttp, c => Assert.DoesNotContain("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AProxyMustBeAnAddress()
    {
        await using var app = new WazzapApplication(settings: new Dictionary<string, string?> { ["Proxy:KnownNetworks:0"] = "10.0.0.0/33" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Proxy:KnownNetworks: '10.0.0.0/33'", error.ToString());
    }

    private static Task<HttpResponseMessage> Login(HttpClient client, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "nobody", ["password"] = "wrong-password" }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }

    /// <summary>
    /// Signs in with X-Forwarded-Proto on every request; the Set-Cookie headers it got. Cookies go back by
    /// hand: a cookie container would not send a Secure cookie over the test's plain HTTP.
    /// </summary>
    private static async Task<List<string>> SignInThroughProxy(WazzapApplication app, string scheme)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.ClientOptions.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", scheme);
        var page = await client.GetAsync("/login");
        var antiforgery = page.Headers.GetValues("Set-Cookie").ToList();
        var token = Regex.Match(await page.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
                ["username"] = WazzapApplication.AdminUser,
                ["password"] = WazzapApplication.AdminPassword,
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", antiforgery.Select(c => c.Split(';')[0])));
        var signedIn = await client.SendAsync(post);
        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
        return [.. antiforgery, .. signedIn.Headers.GetValues("Set-Cookie")];
    }
}
