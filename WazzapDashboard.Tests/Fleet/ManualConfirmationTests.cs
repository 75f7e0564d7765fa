using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WazzapDashboard.Fleet;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Fleet;

public class ManualConfirmationTests
{
    private const string Number = "/api/numbers/+6281234567890";

    [Fact]
    public async Task CheckInRestartsTheCountdownAndKeepsTheStatus()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.Wazzapi("device.connected", timestamp: app.Time.GetUtcNow().AddDays(-10).ToString("O")));
        var client = app.CreateClient();
        Assert.True((await client.GetFromJsonAsync<JsonElement>(Number)).GetProperty("atRisk").GetBoolean());

        var response = await client.PostAsJsonAsync($"{Number}/check-in", new { by = "Ana", note = "client powered the phone on" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var number = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("connected", number.GetProperty("status").GetString());
        Assert.Equal(app.Time.GetUtcNow(), number.GetProperty("phoneLastSeenAt").GetDateTimeOffset());
        Assert.False(number.GetProperty("atRisk").GetBoolean());
        Assert.Equal(14, number.GetProperty("daysUntilExpiry").GetInt32());
        Assert.Equal(DateTimeOffset.Parse("2026-05-05T12:00:00Z"), number.GetProperty("statusChangedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task CheckInIsKeptInHistoryWithWhoAndWhen()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzap(Fixtures.WazzapDisconnected);
        var client = app.CreateClient();

        await client.PostAsJsonAsync("/api/numbers/+5215512345678/check-in", new { by = "Ana", note = "phone on the charger" });

        var latest = (await client.GetFromJsonAsync<JsonElement[]>("/api/numbers/+5215512345678/events"))![0];
        Assert.Equal("check_in", latest.GetProperty("eventType").GetString());
        Assert.Equal("manual", latest.GetProperty("source").GetString());
        Assert.Equal("Ana", latest.GetProperty("by").GetString());
        Assert.Equal("phone on the charger", latest.GetProperty("reason").GetString());
        Assert.Equal(app.Time.GetUtcNow(), latest.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, latest.GetProperty("status").ValueKind);
        var number = await client.GetFromJsonAsync<JsonElement>("/api/numbers/+5215512345678");
        Assert.Equal("disconnected", number.GetProperty("status").GetString());
        Assert.Equal(app.Time.GetUtcNow(), number.GetProperty("phoneLastSeenAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task ReconnectedConnectsAWazzapNumberThatNeverSaysSo()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzap(Fixtures.WazzapDisconnected);
        var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/numbers/+5215512345678/reconnected", new { by = "Ben", note = "re-scanned the QR" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var number = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("connected", number.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, number.GetProperty("reasonCategory").ValueKind);
        Assert.Equal(app.Time.GetUtcNow(), number.GetProperty("statusChangedAt").GetDateTimeOffset());
        Assert.Equal(app.Time.GetUtcNow(), number.GetProperty("phoneLastSeenAt").GetDateTimeOffset());
        Assert.False(number.GetProperty("atRisk").GetBoolean());
        var latest = (await client.GetFromJsonAsync<JsonElement[]>("/api/numbers/+5215512345678/events"))![0];
        Assert.Equal(("reconnected", "manual", "connected", "Ben"),
            (latest.GetProperty("eventType").GetString(), latest.GetProperty("source").GetString(),
             latest.GetProperty("status").GetString(), latest.GetProperty("by").GetString()));
    }

    [Fact]
    public async Task ALateOlderDisconnectionDoesNotUndoAReconnection()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzap(Fixtures.WazzapDisconnected);
        await app.CreateClient().PostAsync("/api/numbers/+5215512345678/reconnected", null);

        // A retry of a disconnection from before the re-scan arrives afterwards.
        await app.PostWazzap("""{"phone":"+5215512345678","event":"disconnected","timestamp":"2026-05-15T11:00:00Z"}""");

        var number = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/numbers/+5215512345678");
        Assert.Equal("connected", number.GetProperty("status").GetString());
        Assert.Equal(3, app.Count("events"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{}")]
    public async Task TheBodyIsOptionalAndTheCallerIsRecorded(string? json)
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.WazzapiDisconnected);

        var response = await app.CreateClient().PostAsync($"{Number}/check-in",
            json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var latest = (await app.CreateClient().GetFromJsonAsync<JsonElement[]>($"{Number}/events"))![0];
        Assert.Equal("configured key", latest.GetProperty("by").GetString());
    }

    [Fact]
    public async Task AConfirmationIsPublishedOnTheChangeFeed()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzap(Fixtures.WazzapDisconnected);
        using var feed = FeedRecorder.On(app);

        await app.CreateClient().PostAsync("/api/numbers/+5215512345678/reconnected", null);

        var pushed = await feed.WaitFor(v => v.Phone == "+525512345678");
        Assert.Equal(NumberStatus.Connected, pushed.Status);
    }

    [Theory]
    [InlineData("check-in")]
    [InlineData("reconnected")]
    public async Task UnknownNumberIs404ProblemAndStoresNothing(string action)
    {
        await using var app = new WazzapApplication();

        var response = await app.CreateClient().PostAsync($"{Number}/{action}", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, app.Count("events"));
        Assert.Equal(0, app.Count("numbers"));
    }

    [Theory]
    [InlineData("check-in")]
    [InlineData("reconnected")]
    public async Task NotAPhoneIs400Problem(string action)
    {
        await using var app = new WazzapApplication();

        var response = await app.CreateClient().PostAsync($"/api/numbers/hello/{action}", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ARemovedNumberCannotBeConfirmed()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.WazzapiConnected);
        await app.CreateClient().DeleteAsync(Number);

        var response = await app.CreateClient().PostAsync($"{Number}/check-in", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AnOverlongNameIs400()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.WazzapiConnected);

        var response = await app.CreateClient().PostAsJsonAsync($"{Number}/check-in", new { by = new string('x', 201) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, app.Count("events"));
    }

    [Fact]
    public async Task ARosteredNumberThatNeverReportedCanBeCheckedIn()
    {
        await using var app = new WazzapApplication();
        await app.CreateClient().PostAsJsonAsync("/api/numbers", new { phone = "+6281234567890", client = "Acme" });

        var number = await (await app.CreateClient().PostAsync($"{Number}/check-in", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("unknown", number.GetProperty("status").GetString());
        Assert.Equal("Acme", number.GetProperty("client").GetString());
        Assert.Equal(app.Time.GetUtcNow(), number.GetProperty("phoneLastSeenAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task PagesCallTheSameActionsInProcess()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzap(Fixtures.WazzapDisconnected);
        var actions = app.Services.GetRequiredService<FleetActions>();

        var result = await actions.Reconnected("+52 1 55 1234 5678", new Confirmation("Ana"));

        Assert.True(result.Succeeded);
        Assert.Equal(NumberStatus.Connected, result.Number!.Status);
        Assert.Equal(ActionOutcome.NotFound, (await actions.CheckIn("+6281234567890")).Outcome);
        Assert.Equal(ActionOutcome.InvalidPhone, (await actions.CheckIn("nope")).Outcome);
    }
}
