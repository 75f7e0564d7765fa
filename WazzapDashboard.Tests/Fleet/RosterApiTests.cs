using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WazzapDashboard.Fleet;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Fleet;

public class RosterApiTests
{
    private const string Number = "/api/numbers/+6281234567890";
    private static readonly object Acme = new { phone = "+62 812-3456-7890", client = "Acme", label = "Sales 1", owner = "Ana", notes = "blue phone", runsCampaign = true };

    private static (string?, string?, string?, string?, bool) Roster(JsonElement n) =>
        (n.GetProperty("client").GetString(), n.GetProperty("label").GetString(), n.GetProperty("owner").GetString(),
         n.GetProperty("notes").GetString(), n.GetProperty("runsCampaign").GetBoolean());

    [Fact]
    public async Task ANumberAddedBeforeAnyWebhookIsListedAsUnknown()
    {
        await using var app = new WazzapApplication();
        var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/numbers", Acme);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/numbers/%2B6281234567890", response.Headers.Location?.OriginalString);
        var number = Assert.Single((await client.GetFromJsonAsync<JsonElement[]>("/api/numbers"))!);
        Assert.Equal("+6281234567890", number.GetProperty("phone").GetString());
        Assert.Equal("unknown", number.GetProperty("status").GetString());
        Assert.Equal("ID", number.GetProperty("country").GetString());
        Assert.Equal(("Acme", "Sales 1", "Ana", "blue phone", true), Roster(number));
        Assert.Equal(JsonValueKind.Null, number.GetProperty("lastEventAt").ValueKind);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement[]>($"{Number}/events"))!);
    }

    [Fact]
    public async Task WebhooksNeverClobberTheRoster()
    {
        await using var app = new WazzapApplication();
        await app.CreateClient().PostAsJsonAsync("/api/numbers", Acme);

        await app.PostWazzapi(Fixtures.WazzapiConnected);
        await app.PostWazzapi(Fixtures.WazzapiDisconnected);

        var number = await app.CreateClient().GetFromJsonAsync<JsonElement>(Number);
        Assert.Equal("disconnected", number.GetProperty("status").GetString());
        Assert.Equal("Primary Device", number.GetProperty("accountName").GetString());
        Assert.Equal(("Acme", "Sales 1", "Ana", "blue phone", true), Roster(number));
    }

    [Fact]
    public async Task RosterEditsNeverClobberTheStatus()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.WazzapiDisconnected);
        var before = await app.CreateClient().GetFromJsonAsync<JsonElement>(Number);

        var response = await app.CreateClient().PutAsJsonAsync(Number, new { client = "Globex", label = "Support", runsCampaign = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await app.CreateClient().GetFromJsonAsync<JsonElement>(Number);
        Assert.Equal(("Globex", "Support", null, null, true), Roster(after));
        foreach (var field in new[] { "status", "reason", "reasonCategory", "country", "accountName", "lastEventAt", "statusChangedAt", "phoneLastSeenAt" })
        {
            Assert.Equal(before.GetProperty(field).ToString(), after.GetProperty(field).ToString());
        }
    }

    [Fact]
    public async Task EditReplacesEveryRosterFieldAndTrimsBlanksToNull()
    {
        await using var app = new WazzapApplication();
        await app.CreateClient().PostAsJsonAsync("/api/numbers", Acme);

        var response = await app.CreateClient().PutAsJsonAsync("/api/numbers/6281234567890", new { client = "  Acme  ", label = "   " });

        var number = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Acme", null, null, null, false), Roster(number));
    }

    [Fact]
    public async Task RosterChangesArePublishedOnTheChangeFeed()
    {
        await using var app = new WazzapApplication();
        var client = app.CreateClient();
        using var feed = FeedRecorder.On(app);

        await client.PostAsJsonAsync("/api/numbers", Acme);
        await client.PutAsJsonAsync(Number, new { client = "Globex" });
        await client.DeleteAsync(Number);

        await feed.WaitFor(v => v.RemovedAt is not null);
        Assert.Equal([("Acme", false), ("Globex", false), ("Globex", true)],
            feed.Views.Select(v => (v.Client, v.RemovedAt is not null)));
    }

    [Fact]
    public async Task AddingANumberAlreadyOnTheRosterIs409()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.WazzapiConnected);

        var response = await app.CreateClient().PostAsJsonAsync("/api/numbers", Acme);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var number = await app.CreateClient().GetFromJsonAsync<JsonElement>(Number);
        Assert.Equal(JsonValueKind.Null, number.GetProperty("client").ValueKind);
    }

    [Theory]
    [InlineData("""{"phone":"hello"}""")]
    [InlineData("""{"client":"Acme"}""")]
    [InlineData("""{"phone":"+6281234567890","label":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}""")]
    [InlineData("""{"phone":""")]
    public async Task ABadNewNumberIs400ProblemAndStoresNothing(string body)
    {
        await using var app = new WazzapApplication();

        var response = await app.CreateClient().PostAsync("/api/numbers", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, app.Count("numbers"));
    }

    [Fact]
    public async Task ANewNumberWithoutAPhoneSaysThePhoneIsRequired()
    {
        await using var app = new WazzapApplication();

        var response = await app.CreateClient().PostAsJsonAsync("/api/numbers", new { client = "Acme" });

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("phone is required.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task EditingOrRemovingAnUnknownNumberIs404(string method)
    {
        await using var app = new WazzapApplication();

        var response = await app.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), Number)
        {
            Content = method == "PUT" ? JsonContent.Create(new { client = "Acme" }) : null,
        });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ARemovedNumberIsHiddenButKeepsItsHistory()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.WazzapiConnected);
        await app.PostWazzapi(Fixtures.WazzapiDisconnected);
        var client = app.CreateClient();

        var response = await client.DeleteAsync(Number);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement[]>("/api/numbers"))!);
        var number = await client.GetFromJsonAsync<JsonElement>(Number);
        Assert.Equal(app.Time.GetUtcNow(), number.GetProperty("removedAt").GetDateTimeOffset());
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement[]>($"{Number}/events"))!.Length);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(Number)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync(Number, new { client = "Acme" })).StatusCode);
    }

    [Fact]
    public async Task ARemovedNumberThatReportsAgainStaysRemovedButKeepsUpToDate()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.WazzapiConnected);
        await app.CreateClient().DeleteAsync(Number);

        await app.PostWazzapi(Fixtures.WazzapiDisconnected);

        Assert.Empty((await app.CreateClient().GetFromJsonAsync<JsonElement[]>("/api/numbers"))!);
        var number = await app.CreateClient().GetFromJsonAsync<JsonElement>(Number);
        Assert.Equal("disconnected", number.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, number.GetProperty("removedAt").ValueKind);
        Assert.Equal(2, app.Count("events"));
    }

    [Fact]
    public async Task AddingARemovedNumberRestoresItWithItsHistory()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.WazzapiDisconnected);
        var client = app.CreateClient();
        await client.DeleteAsync(Number);

        var response = await client.PostAsJsonAsync("/api/numbers", Acme);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var number = Assert.Single((await client.GetFromJsonAsync<JsonElement[]>("/api/numbers"))!);
        Assert.Equal("disconnected", number.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, number.GetProperty("removedAt").ValueKind);
        Assert.Equal(("Acme", "Sales 1", "Ana", "blue phone", true), Roster(number));
        Assert.Single((await client.GetFromJsonAsync<JsonElement[]>($"{Number}/events"))!);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PurgeDeletesTheNumberAndItsHistory(bool removedFirst)
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.WazzapiConnected);
        await app.PostWazzapi(Fixtures.Wazzapi("message.sent"));
        await app.PostWazzapi(Fixtures.Wazzapi("message.sent", phone: "6289999999999", accountId: "other"));
        var client = app.CreateClient();
        if (removedFirst) await client.DeleteAsync(Number);
        using var feed = FeedRecorder.On(app);

        var response = await client.DeleteAsync($"{Number}?purge=true");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Number)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Number}/events")).StatusCode);
        Assert.Equal(1, app.Count("numbers"));
        Assert.Equal(1, app.Count("events"));
        Assert.Equal(1, app.Count("message_counts")); // the other number's hour
        var gone = await feed.WaitFor(v => v.Phone == "+6281234567890");
        Assert.NotNull(gone.RemovedAt);
    }

    [Fact]
    public async Task PurgingAnUnknownNumberIs404()
    {
        await using var app = new WazzapApplication();

        var response = await app.CreateClient().DeleteAsync($"{Number}?purge=true");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task APurgedNumberThatReportsAgainStartsAfresh()
    {
        await using var app = new WazzapApplication();
        await app.CreateClient().PostAsJsonAsync("/api/numbers", Acme);
        await app.PostWazzapi(Fixtures.WazzapiConnected);
        await app.CreateClient().DeleteAsync($"{Number}?purge=true");

        await app.PostWazzapi(Fixtures.WazzapiDisconnected);

        var number = await app.CreateClient().GetFromJsonAsync<JsonElement>(Number);
        Assert.Equal("disconnected", number.GetProperty("status").GetString());
        Assert.Equal((null, null, null, null, false), Roster(number));
        Assert.Equal(1, app.Count("events"));
    }

    [Fact]
    public async Task ACampaignNumberThatDropsSaysSoOnTheFeed()
    {
        await using var app = new WazzapApplication();
        await app.CreateClient().PostAsJsonAsync("/api/numbers", Acme);
        using var feed = FeedRecorder.On(app);

        await app.PostWazzapi(Fixtures.WazzapiDisconnected);

        var pushed = await feed.WaitFor(v => v.Status == NumberStatus.Disconnected);
        Assert.True(pushed.RunsCampaign);
        Assert.Equal("Acme", pushed.Client);
    }
}
