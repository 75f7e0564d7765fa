using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Fleet;

public class FleetApiTests
{
    [Fact]
    public async Task ListsNumbersWithTheDocumentedFields()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.WazzapiConnected);

        var numbers = await app.CreateClient().GetFromJsonAsync<JsonElement[]>("/api/numbers");

        var number = Assert.Single(numbers!);
        Assert.Equal(
            ["phone", "status", "reason", "reasonCategory", "country", "accountName", "lastEventAt", "statusChangedAt", "phoneLastSeenAt", "atRisk", "daysUntilExpiry",
             "expired", "client", "label", "owner", "notes", "runsCampaign", "removedAt", "acknowledgedBy", "acknowledgedAt",
             "silent", "silentSince"],
            number.EnumerateObject().Select(p => p.Name));
        Assert.Equal("+6281234567890", number.GetProperty("phone").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-04-26T11:00:00Z"), number.GetProperty("phoneLastSeenAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("6281234567890")]
    [InlineData("+6281234567890")]
    [InlineData("%2B62%20812-3456-7890")]
    public async Task FindsANumberInAnyFormat(string phone)
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.WazzapiConnected);

        var number = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/numbers/{phone}");

        Assert.Equal("+6281234567890", number.GetProperty("phone").GetString());
    }

    [Fact]
    public async Task UnknownNumberIs404Problem()
    {
        await using var app = new WazzapApplication();

        var response = await app.CreateClient().GetAsync("/api/numbers/+6281234567890");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/api/numbers/+6281234567890/events")).StatusCode);
    }

    [Fact]
    public async Task NotAPhoneIs400Problem()
    {
        await using var app = new WazzapApplication();

        var response = await app.CreateClient().GetAsync("/api/numbers/hello");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task EventsAreNewestFirstWithTheDocumentedFields()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.WazzapiDisconnected);
        await app.PostWazzapi(Fixtures.WazzapiConnected);
        await app.PostWazzapi(Fixtures.WazzapiMessageFailed);

        var events = (await app.CreateClient().GetFromJsonAsync<JsonElement[]>("/api/numbers/6281234567890/events"))!;

        Assert.Equal(["message.failed", "device.disconnected", "device.connected"], events.Select(e => e.GetProperty("eventType").GetString()));
        var disconnected = events[1];
        Assert.Equal("wazzapi", disconnected.GetProperty("source").GetString());
        Assert.Equal("disconnected", disconnected.GetProperty("status").GetString());
        Assert.Equal("Linked device session expired: phone offline", disconnected.GetProperty("reason").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-05-10T08:15:00Z"), disconnected.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.Equal(app.Time.GetUtcNow(), disconnected.GetProperty("receivedAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, events[0].GetProperty("status").ValueKind);
    }

    [Fact]
    public async Task EventsPageBackwardsFromAnId()
    {
        await using var app = new WazzapApplication();
        for (var minute = 0; minute < 5; minute++)
        {
            await app.PostWazzapi(Fixtures.Wazzapi("message.sent", timestamp: $"2026-05-10T08:0{minute}:00Z"));
        }
        var client = app.CreateClient();

        var first = (await client.GetFromJsonAsync<JsonElement[]>("/api/numbers/6281234567890/events?limit=2"))!;
        var second = (await client.GetFromJsonAsync<JsonElement[]>($"/api/numbers/6281234567890/events?limit=2&before={first[1].GetProperty("id").GetInt64()}"))!;

        Assert.Equal(["08:04", "08:03", "08:02", "08:01"],
            first.Concat(second).Select(e => e.GetProperty("occurredAt").GetDateTimeOffset().ToString("HH:mm")));
    }

    [Fact]
    public async Task AtRiskFollowsTheClock()
    {
        await using var app = new WazzapApplication();
        var connectedAt = app.Time.GetUtcNow().AddDays(-8);
        await app.PostWazzapi(Fixtures.Wazzapi("device.connected", timestamp: connectedAt.ToString("O")));

        var number = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/numbers/6281234567890");

        Assert.True(number.GetProperty("atRisk").GetBoolean());
        Assert.Equal(6, number.GetProperty("daysUntilExpiry").GetInt32());
    }

    [Fact]
    public async Task HealthzChecksTheDatabase()
    {
        await using var app = new WazzapApplication();

        var response = await app.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
