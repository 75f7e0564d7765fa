using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WazzapDashboard.Access;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Access;

public class AccessTests
{
    private static readonly string[] OpenToAll = ["/webhooks/", "/healthz", "/login", "/setup", "/denied", "/account/", "/not-found", "/_blazor/initializers"];

    [Fact]
    public async Task EveryEndpointRefusesAnonymousCallersUnlessMeantToBeOpen()
    {
        await using var app = new WazzapApplication();
        var client = app.CreateAnonymousClient();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !e.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor"))
            .ToList();
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/api/numbers/");

        var checkedCount = 0;
        foreach (var endpoint in endpoints)
        {
            var path = "/" + System.Text.RegularExpressions.Regex.Replace(endpoint.RoutePattern.RawText!.TrimStart('/'), @"\{[^}]+\}", "6281234567890");
            if (OpenToAll.Any(open => path.StartsWith(open, StringComparison.OrdinalIgnoreCase))) continue;
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT") request.Content = JsonContent.Create(new { });
                var response = await client.SendAsync(request);
                var refused = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/login", StringComparison.Ordinal));
                Assert.True(refused, $"{method} {path} answered {(int)response.StatusCode} to an anonymous caller.");
                checkedCount++;
            }
        }
        Assert.True(checkedCount >= 6, $"Only {checkedCount} endpoints were checked.");
    }

    [Fact]
    public async Task StaticAssetsHealthAndSignInAreOpen()
    {
        await using var app = new WazzapApplication();
        var client = app.CreateAnonymousClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/favicon.svg")).StatusCode);
    }

    [Fact]
    public async Task PagesSendAnonymousVisitorsToSignIn()
    {
        await using var app = new WazzapApplication();

        var response = await app.CreateAnonymousClient().GetAsync("/wall");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login?ReturnUrl=%2Fwall", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task ApiRefusalIsAProblem()
    {
        await using var app = new WazzapApplication();

        var response = await app.CreateAnonymousClient().GetAsync("/api/numbers");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SignedInUserSeesPagesAndApi()
    {
        await using var app = new WazzapApplication();
        var client = app.CreateAnonymousClient();

        var signIn = await SignIn.As(client, WazzapApplication.AdminUser, WazzapApplication.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/numbers")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/access")).StatusCode);
    }

    [Theory]
    [InlineData(Roles.Viewer, HttpStatusCode.OK, false)]
    [InlineData(Roles.Support, HttpStatusCode.OK, false)]
    [InlineData(Roles.Admin, HttpStatusCode.OK, true)]
    public async Task EachRoleReadsButOnlyAdminsManageAccess(string role, HttpStatusCode api, bool admin)
    {
        await using var app = new WazzapApplication();
        app.Services.GetRequiredService<UserStore>().Create("someone", "a-long-password", role);
        var client = app.CreateAnonymousClient();
        await SignIn.As(client, "someone", "a-long-password");

        Assert.Equal(api, (await client.GetAsync("/api/numbers")).StatusCode);
        var access = await client.GetAsync("/admin/access");
        if (admin) Assert.Equal(HttpStatusCode.OK, access.StatusCode);
        else Assert.Equal("/denied", access.Headers.Location!.AbsolutePath);
    }

    [Theory]
    [InlineData(Roles.Viewer, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Support, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Admin, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NoContent)]
    public async Task EachRoleMayDoOnlyItsOwnActions(string role, HttpStatusCode confirm, HttpStatusCode edit, HttpStatusCode import, HttpStatusCode purge)
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.WazzapiDisconnected);
        app.Services.GetRequiredService<UserStore>().Create("someone", "a-long-password", role);
        var client = app.CreateAnonymousClient();
        await SignIn.As(client, "someone", "a-long-password");
        const string number = "/api/numbers/+6281234567890";

        var roster = await client.GetAsync("/roster");
        if (confirm == HttpStatusCode.OK) Assert.Equal(HttpStatusCode.OK, roster.StatusCode);
        else Assert.Equal("/denied", roster.Headers.Location!.AbsolutePath);

        var checkIn = await client.PostAsJsonAsync($"{number}/check-in", new { by = "somebody else" });
        Assert.Equal(confirm, checkIn.StatusCode);
        Assert.Equal(edit, (await client.PutAsJsonAsync(number, new { client = "Acme" })).StatusCode);
        Assert.Equal(import, (await client.PostAsync("/api/roster",
            new StringContent("phone,client,label,owner,notes\n+6281234567891,Acme,,,\n", System.Text.Encoding.UTF8, "text/csv"))).StatusCode);

        if (confirm == HttpStatusCode.OK)
        {
            var events = await app.CreateClient().GetFromJsonAsync<JsonElement[]>($"{number}/events");
            Assert.Contains(events!, e => e.GetProperty("eventType").GetString() == "check_in" && e.GetProperty("by").GetString() == "someone");
        }
        else
        {
            Assert.Equal(1, app.Count("events"));
        }
        Assert.Equal(purge, (await client.DeleteAsync($"{number}?purge=true")).StatusCode);
    }

    [Fact]
    public async Task AReadOnlyKeyCannotWrite()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.WazzapiDisconnected);
        var (_, secret) = app.Services.GetRequiredService<AccessKeyStore>().Create(KeyKind.Api, "grafana", canWrite: false, null, "admin");
        var client = app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/numbers")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/numbers/+6281234567890/check-in", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync("/api/numbers/+6281234567890")).StatusCode);
        Assert.Equal(1, app.Count("events"));
    }

    [Fact]
    public async Task WrongPasswordsLockTheAccount()
    {
        await using var app = new WazzapApplication(settings: new Dictionary<string, string?> { ["Dashboard:LockoutFailures"] = "3" });
        var client = app.CreateAnonymousClient();

        for (var i = 0; i < 3; i++)
        {
            var wrong = await SignIn.As(client, WazzapApplication.AdminUser, "not-the-password");
            Assert.Contains("error=wrong", wrong.Headers.Location!.OriginalString);
        }
        var locked = await SignIn.As(client, WazzapApplication.AdminUser, WazzapApplication.AdminPassword);

        Assert.Contains("error=locked", locked.Headers.Location!.OriginalString);
        app.Time.Advance(TimeSpan.FromMinutes(16));
        var later = await SignIn.As(client, WazzapApplication.AdminUser, WazzapApplication.AdminPassword);
        Assert.Equal("/", later.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignInIsRateLimited()
    {
        await using var app = new WazzapApplication(settings: new Dictionary<string, string?> { ["RateLimits:LoginPerMinute"] = "2" });
        var client = app.CreateAnonymousClient();

        await SignIn.As(client, "x", "y");
        await SignIn.As(client, "x", "y");
        var third = await SignIn.As(client, "x", "y");

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
    }

    [Fact]
    public async Task WithoutUsersOrConfigTheFirstVisitorCreatesTheAdmin()
    {
        await using var app = new WazzapApplication(settings: new Dictionary<string, string?> { ["Dashboard:AdminUser"] = "", ["Dashboard:AdminPassword"] = "" });
        var client = app.CreateAnonymousClient();

        var login = await client.GetAsync("/login");
        Assert.Equal("/setup", login.Headers.Location!.AbsolutePath);

        var setup = await SignIn.As(client, "owner", "owner-password-1", form: "/setup", action: "/account/setup");
        Assert.Equal("/", setup.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/numbers")).StatusCode);

        var second = await SignIn.As(app.CreateAnonymousClient(), "intruder", "intruder-password", form: "/login", action: "/account/setup");
        Assert.Equal("/login", second.Headers.Location!.OriginalString);
        Assert.Single(app.Services.GetRequiredService<UserStore>().All());
    }

    [Fact]
    public async Task ApiKeysFromTheUiAreReadOnlyOrReadWriteAndRevocable()
    {
        await using var app = new WazzapApplication();
        var keys = app.Services.GetRequiredService<AccessKeyStore>();
        var (key, secret) = keys.Create(KeyKind.Api, "n8n", canWrite: false, null, "admin");
        var client = app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/numbers")).StatusCode);
        Assert.NotNull(keys.All().Single().LastUsedAt);

        keys.Revoke(key.Id);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/numbers")).StatusCode);
    }

    [Fact]
    public async Task WrongApiKeyIsRefused()
    {
        await using var app = new WazzapApplication();
        var client = app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", WazzapApplication.ApiKey + "x");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/numbers")).StatusCode);
    }

    [Fact]
    public async Task WallLinkOpensOnlyTheWallUntilRevoked()
    {
        await using var app = new WazzapApplication();
        var keys = app.Services.GetRequiredService<AccessKeyStore>();
        var (link, secret) = keys.Create(KeyKind.Wall, "ops room", false, null, "admin");
        var tv = app.CreateAnonymousClient();

        Assert.Equal(HttpStatusCode.OK, (await tv.GetAsync($"/wall?key={secret}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tv.GetAsync("/wall")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await tv.GetAsync("/api/numbers")).StatusCode);
        Assert.Equal("/denied", (await tv.GetAsync("/")).Headers.Location!.AbsolutePath);

        keys.Revoke(link.Id);

        Assert.StartsWith("/login", (await tv.GetAsync("/wall")).Headers.Location!.AbsolutePath);
        Assert.StartsWith("/login", (await tv.GetAsync($"/wall?key={secret}")).Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task AnswersCarrySecurityHeaders()
    {
        await using var app = new WazzapApplication();

        var response = await app.CreateAnonymousClient().GetAsync("/login");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task DemoModeShowsItsOwnLogin()
    {
        await using var app = new WazzapApplication(services: s => s.AddSingleton(new WazzapDashboard.Access.DemoLogin("demo-password-123")));
        var client = app.CreateAnonymousClient();

        Assert.Contains("demo-password-123", await client.GetStringAsync("/login"));
        Assert.Equal("/", (await SignIn.As(client, "demo", "demo-password-123")).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task NoSettingMakesADemoLoginOutsideDemoMode()
    {
        await using var app = new WazzapApplication(settings: new Dictionary<string, string?> { ["Demo:Password"] = "demo-password-123" });
        var client = app.CreateAnonymousClient();

        Assert.DoesNotContain("demo-password-123", await client.GetStringAsync("/login"));
        Assert.StartsWith("/login", (await SignIn.As(client, "demo", "demo-password-123")).Headers.Location!.OriginalString);
    }
}
