using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Webhooks;

public class WazzapWebhookTests
{
    [Fact]
    public async Task DocumentedDisconnectionIsStored()
    {
        await using var app = new WazzapApplication();

        var response = await app.PostWazzap(Fixtures.WazzapDisconnected);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var number = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/numbers/+5215512345678");
        Assert.Equal("disconnected", number.GetProperty("status").GetString());
        Assert.Equal("MX", number.GetProperty("country").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-05-14T18:42:11Z"), number.GetProperty("statusChangedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task PhoneAloneIsADisconnectionAtReceiptTime()
    {
        await using var app = new WazzapApplication();

        await app.PostWazzap("""{"phone":"5215512345678"}""");

        var number = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/numbers/5215512345678");
        Assert.Equal("disconnected", number.GetProperty("status").GetString());
        Assert.Equal(app.Time.GetUtcNow(), number.GetProperty("lastEventAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task LogoutEventIsALoggedOutDisconnection()
    {
        await using var app = new WazzapApplication();

        await app.PostWazzap("""{"phone":"+5215512345678","event":"logout","timestamp":"2026-05-14T18:42:11Z"}""");

        var number = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/numbers/+5215512345678");
        Assert.Equal("logged_out", number.GetProperty("reasonCategory").GetString());
    }

    [Fact]
    public async Task SamePhoneEventAndTimestampIsStoredOnce()
    {
        await using var app = new WazzapApplication();

        await app.PostWazzap(Fixtures.WazzapDisconnected);
        var again = await app.PostWazzap(Fixtures.WazzapDisconnected);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, app.Count("events"));
    }

    [Theory]
    [InlineData("wrong-token")]
    [InlineData("test-wazzap-toke")]
    public async Task WrongTokenIsRefusedAndNothingStored(string token)
    {
        await using var app = new WazzapApplication();

        var response = await app.PostWazzap(Fixtures.WazzapDisconnected, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, app.Count("events"));
    }

    [Fact]
    public async Task UnconfiguredTokenRefusesEverything()
    {
        await using var app = new WazzapApplication(settings: new Dictionary<string, string?> { ["Wazzap:WebhookToken"] = "" });

        var response = await app.PostWazzap(Fixtures.WazzapDisconnected, "anything");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task MissingPhoneIsA400Problem()
    {
        await using var app = new WazzapApplication();

        var response = await app.PostWazzap("""{"event":"disconnected"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, app.Count("events"));
    }

    [Fact]
    public async Task FormPostIs415()
    {
        await using var app = new WazzapApplication();

        var response = await app.CreateClient().PostAsync($"/webhooks/wazzap/{WazzapApplication.WazzapToken}",
            new StringContent("phone=5215512345678", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}
