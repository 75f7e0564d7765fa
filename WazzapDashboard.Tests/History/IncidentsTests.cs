using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WazzapDashboard.Access;
using WazzapDashboard.Fleet;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.History;

public class IncidentsTests
{
    private const string Number = "/api/numbers/6281234567890";

    private static string At(int minute) => $"2026-05-15T10:{minute:D2}:00Z";

    private static Task Disconnect(WazzapApplication app, int minute, string reason = "phone offline") =>
        app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", timestamp: At(minute), reason: reason));

    private static Task Connect(WazzapApplication app, int minute) =>
        app.PostWazzapi(Fixtures.Wazzapi("device.connected", timestamp: At(minute)));

    private static Task<HttpResponseMessage> Acknowledge(WazzapApplication app, string? by = "Anna", string number = Number) =>
        app.CreateClient().PostAsJsonAsync($"{number}/acknowledge", new { by });

    private static async Task<JsonElement> Get(WazzapApplication app) =>
        await app.CreateClient().GetFromJsonAsync<JsonElement>(Number);

    private static string? AcknowledgedBy(JsonElement number) => number.GetProperty("acknowledgedBy").GetString();

    [Fact]
    public async Task AcknowledgingAnOutageShowsWhoAndWhenOnTheNumber()
    {
        await using var app = new WazzapApplication();
        await Disconnect(app, 0);

        var response = await Acknowledge(app);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Anna", AcknowledgedBy(body));
        Assert.Equal(app.Time.GetUtcNow(), body.GetProperty("acknowledgedAt").GetDateTimeOffset());
        var listed = Assert.Single((await app.CreateClient().GetFromJsonAsync<JsonElement[]>("/api/numbers"))!);
        Assert.Equal("Anna", AcknowledgedBy(listed));
    }

    [Fact]
    public async Task TheAcknowledgementIsPublishedForTheGridAndTheWall()
    {
        await using var app = new WazzapApplication();
        await Disconnect(app, 0);
        using var published = FeedRecorder.On(app);

        await Acknowledge(app);

        var view = await published.WaitFor(v => v.AcknowledgedBy is not null);
        Assert.Equal("+6281234567890", view.Phone);
        Assert.Equal("Anna", view.AcknowledgedBy);
        Assert.Equal(app.Time.GetUtcNow(), view.AcknowledgedAt);
    }

    [Fact]
    public async Task TheWritersUpsertKeepsTheAcknowledgementAndPublishesIt()
    {
        await using var app = new WazzapApplication();
        await Disconnect(app, 0);
        await Acknowledge(app);
        using var published = FeedRecorder.On(app);

        await app.PostWazzapi(Fixtures.Wazzapi("message.failed", timestamp: At(5), failureReason: "WhatsApp account is disconnected"));

        Assert.Equal("Anna", AcknowledgedBy(await Get(app)));
        var view = await published.WaitFor(v => v.LastEventAt == DateTimeOffset.Parse(At(5)));
        Assert.Equal("Anna", view.AcknowledgedBy);
    }

    [Fact]
    public async Task ReconnectingClearsTheAcknowledgementInTheSameCommit()
    {
        await using var app = new WazzapApplication();
        await Disconnect(app, 0);
        await Acknowledge(app);
        using var published = FeedRecorder.On(app);

        await Connect(app, 30);

        Assert.Null(AcknowledgedBy(await Get(app)));
        var view = await published.WaitFor(v => v.Status == NumberStatus.Connected);
        Assert.Null(view.AcknowledgedBy);
        Assert.Null(view.AcknowledgedAt);
    }

    [Fact]
    public async Task TheNextOutageStartsUnacknowledgedEvenWhenItsEventsArriveOutOfOrder()
    {
        await using var app = new WazzapApplication();
        await Disconnect(app, 0);
        await Acknowledge(app);
        await Connect(app, 30);

        await Disconnect(app, 20); // late and older than the reconnect: history only
        Assert.Equal("connected", (await Get(app)).GetProperty("status").GetString());
        await Disconnect(app, 45); // a new outage

        var number = await Get(app);
        Assert.Equal("disconnected", number.GetProperty("status").GetString());
        Assert.Null(AcknowledgedBy(number));
    }

    [Fact]
    public async Task ALateOlderReconnectDoesNotClearIt()
    {
        await using var app = new WazzapApplication();
        await Disconnect(app, 30);
        await Acknowledge(app);

        await Connect(app, 10); // happened before the outage, arrived after

        var number = await Get(app);
        Assert.Equal("disconnected", number.GetProperty("status").GetString());
        Assert.Equal("Anna", AcknowledgedBy(number));
    }

    [Fact]
    public async Task ADisconnectionTurningIntoABanAsksForAFreshLook()
    {
        await using var app = new WazzapApplication();
        await Disconnect(app, 0);
        await Acknowledge(app);

        await Disconnect(app, 10, reason: "Account banned for spam");

        var number = await Get(app);
        Assert.Equal("banned", number.GetProperty("status").GetString());
        Assert.Null(AcknowledgedBy(number));
    }

    [Fact]
    public async Task AnotherPersonCanTakeItOver()
    {
        await using var app = new WazzapApplication();
        await Disconnect(app, 0);
        await Acknowledge(app, "Anna");

        await Acknowledge(app, "Bob");

        Assert.Equal("Bob", AcknowledgedBy(await Get(app)));
    }

    [Theory]
    [InlineData("2026-05-07T10:00:00Z", "at_risk")] // phone last seen 8 days ago
    [InlineData("2026-04-25T10:00:00Z", "expired")] // 20 days ago
    public async Task ANumberHeadingForExpiryCanBeTakenBeforeItDropsUntilItsPhoneIsSeen(string connectedAt, string health)
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.Wazzapi("device.connected", timestamp: connectedAt));
        var before = await Get(app);
        Assert.True(before.GetProperty("atRisk").GetBoolean());
        Assert.Equal(health == "expired", before.GetProperty("expired").GetBoolean());

        var response = await Acknowledge(app);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Anna", AcknowledgedBy(await Get(app)));

        // The client powered the phone on: no longer at risk, so nobody needs to be on it.
        (await app.CreateClient().PostAsJsonAsync($"{Number}/check-in", new { by = "Anna" })).EnsureSuccessStatusCode();
        var after = await Get(app);
        Assert.False(after.GetProperty("atRisk").GetBoolean());
        Assert.Null(AcknowledgedBy(after));
    }

    [Fact]
    public async Task AHealthyConnectedNumberHasNothingToAcknowledge()
    {
        await using var app = new WazzapApplication();
        await Connect(app, 0);

        var response = await Acknowledge(app);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, app.Count("incidents"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public async Task AKeyThatNamesNobodyIsRecordedUnderItsOwnName(string? by)
    {
        await using var app = new WazzapApplication();
        await Disconnect(app, 0);

        var response = await Acknowledge(app, by);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("configured key", AcknowledgedBy(await Get(app)));
    }

    [Fact]
    public async Task ANameTooLongIsAProblemAndNothingIsStored()
    {
        await using var app = new WazzapApplication();
        await Disconnect(app, 0);

        var response = await Acknowledge(app, new string('a', 201));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, app.Count("incidents"));
    }

    [Theory]
    [InlineData(Roles.Viewer, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Support, HttpStatusCode.OK)]
    [InlineData(Roles.Admin, HttpStatusCode.OK)]
    public async Task OnlySupportAndAdminsMayAcknowledgeAndWriteNotes_UnderTheirOwnName(string role, HttpStatusCode expected)
    {
        await using var app = new WazzapApplication();
        await Disconnect(app, 0);
        app.Services.GetRequiredService<UserStore>().Create("someone", "a-long-password", role);
        var client = app.CreateAnonymousClient();
        await SignIn.As(client, "someone", "a-long-password");

        var acknowledged = await client.PostAsJsonAsync($"{Number}/acknowledge", new { by = "somebody else" });
        var noted = await client.PostAsJsonAsync($"{Number}/notes", new { by = "somebody else", text = "On it." });
        var released = await client.DeleteAsync($"{Number}/acknowledge");

        Assert.Equal(expected, acknowledged.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? HttpStatusCode.Created : expected, noted.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? HttpStatusCode.NoContent : expected, released.StatusCode);
        // Every role may read.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Number}/notes")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Number}/events.csv")).StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal("someone", AcknowledgedBy(await acknowledged.Content.ReadFromJsonAsync<JsonElement>()));
            Assert.Equal("someone", (await noted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("by").GetString());
        }
        else
        {
            Assert.Equal(0, app.Count("incidents"));
            Assert.Equal(0, app.Count("incident_notes"));
        }
    }

    [Fact]
    public async Task UnknownAndInvalidNumbersAreProblems()
    {
        await using var app = new WazzapApplication();
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await Acknowledge(app, number: "/api/numbers/6281299999999")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Acknowledge(app, number: "/api/numbers/hello")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/api/numbers/6281299999999/acknowledge")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/numbers/6281299999999/notes")).StatusCode);
        var malformed = await client.PostAsync($"{Number}/acknowledge", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task ReleasingWithdrawsTheAcknowledgement()
    {
        await using var app = new WazzapApplication();
        await Disconnect(app, 0);
        using var published = FeedRecorder.On(app);
        await Acknowledge(app);
        await published.WaitFor(v => v.AcknowledgedBy == "Anna");

        var response = await app.CreateClient().DeleteAsync($"{Number}/acknowledge");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(AcknowledgedBy(await Get(app)));
        // Published after the acknowledgement: the grid and the wall drop the marker.
        await published.WaitFor(v => published.Views.SkipWhile(seen => seen.AcknowledgedBy is null).Skip(1).Contains(v));
    }

    [Fact]
    public async Task NotesAreKeptNewestFirstWithWhoAndWhen()
    {
        await using var app = new WazzapApplication();
        await Disconnect(app, 0);
        var client = app.CreateClient();

        var created = await client.PostAsJsonAsync($"{Number}/notes", new { by = "Anna", text = "Called the client, phone is at the office." });
        app.Time.Advance(TimeSpan.FromMinutes(5));
        await client.PostAsJsonAsync($"{Number}/notes", new { by = "Bob", text = "  Re-scanned the QR.  " });
        var notes = (await client.GetFromJsonAsync<JsonElement[]>($"{Number}/notes"))!;

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/numbers/%2B6281234567890/notes", created.Headers.Location?.OriginalString);
        Assert.Equal(["Bob", "Anna"], notes.Select(n => n.GetProperty("by").GetString()));
        Assert.Equal("Re-scanned the QR.", notes[0].GetProperty("text").GetString());
        Assert.Equal(app.Time.GetUtcNow(), notes[0].GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(["id", "by", "text", "createdAt"], notes[0].EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task ANoteNeedsText(string? text)
    {
        await using var app = new WazzapApplication();
        await Disconnect(app, 0);

        var response = await app.CreateClient().PostAsJsonAsync($"{Number}/notes", new { by = "Anna", text });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, app.Count("incident_notes"));
    }
}
