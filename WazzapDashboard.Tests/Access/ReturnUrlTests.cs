using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Access;

/// <summary>
/// Whatever return URL a sign-in form carries, signing in redirects to a page of this site: never
/// elsewhere, never a 5xx. On a real Kestrel, which (unlike the test server) checks the headers it writes.
/// </summary>
public partial class ReturnUrlTests(ReturnUrlTests.Server server) : IClassFixture<ReturnUrlTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public WazzapApplication App { get; } = new(realServer: true,
            settings: new Dictionary<string, string?> { ["RateLimits:LoginPerMinute"] = "10000" });

        /// <summary>Anonymous, keeping cookies, not following redirects.</summary>
        public HttpClient Client() =>
            new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = App.ClientOptions.BaseAddress };

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await App.DisposeAsync();
    }

    /// <summary>Form-encoded, as a browser or an attacker's page would post them.</summary>
    [Theory]
    [InlineData("/%09/evil.example")] // the issue's: a tab after the slash
    [InlineData("/%0A/evil.example")]
    [InlineData("/%0D%0ALocation:%20https://evil.example")]
    [InlineData("/%7F")]
    [InlineData("//evil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("%5C%5Cevil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("http:%2F%2Fevil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("%09/evil.example")]
    [InlineData("+//evil.example")]
    [InlineData("%E3%80%80//evil.example")]
    [InlineData("~/")]
    [InlineData("~//evil.example")]
    [InlineData("/%2F/evil.example")]
    [InlineData("/.%2E/.%2E//evil.example")]
    [InlineData("/numbers/%2B62%20812")]
    [InlineData("/caf%C3%A9?q=%C3%BC#%E2%80%A8")]
    [InlineData("/%F0%9F%98%80")]
    [InlineData("/%FF%FE")]
    [InlineData("/a%20b?c=d e")]
    [InlineData("/login?returnUrl=//evil.example")]
    [InlineData("/?x=%0A")]
    [InlineData("")]
    [InlineData(null)]
    public async Task SigningInRedirectsToAPageOfThisSite(string? returnUrl)
    {
        var client = server.Client();

        foreach (var password in new[] { "a-wrong-password", WazzapApplication.AdminPassword })
        {
            var response = await SignIn(client, password, returnUrl);

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var location = response.Headers.Location!.OriginalString;
            Assert.True(RedirectHttpResult.IsLocalUrl(location) && location.StartsWith('/'), $"{returnUrl} redirected to {location}");
            Assert.Equal(client.BaseAddress!.Authority, new Uri(client.BaseAddress, location).Authority);
            Assert.True((int)(await client.GetAsync(location)).StatusCode < 500, location);
        }
    }

    [Fact]
    public async Task ALocalReturnUrlIsKept()
    {
        var client = server.Client();

        var response = await SignIn(client, WazzapApplication.AdminPassword, "%2Fnumbers%2F%252B6281234567890%3Ftab%3Dtimeline");

        Assert.Equal("/numbers/%2B6281234567890?tab=timeline", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AFormHoldingANulCharacterIsABadRequest()
    {
        // The framework's form reader refuses "%00" anywhere in the body, before any endpoint runs: a clear 4xx.
        var response = await SignIn(server.Client(), WazzapApplication.AdminPassword, "/%00");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> SignIn(HttpClient client, string password, string? returnUrl)
    {
        var page = await client.GetStringAsync("/login");
        var token = WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value);
        var form = $"__RequestVerificationToken={Uri.EscapeDataString(token)}&username={WazzapApplication.AdminUser}&password={Uri.EscapeDataString(password)}"
            + (returnUrl is null ? "" : $"&returnUrl={returnUrl}");
        return await client.PostAsync("/account/login", new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
