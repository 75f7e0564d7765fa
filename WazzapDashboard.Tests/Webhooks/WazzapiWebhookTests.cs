using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WazzapDashboard.Tests.Infrastructure;
using WazzapDashboard.Webhooks;

namespace WazzapDashboard.Tests.Webhooks;

public class WazzapiWebhookTests
{
    private const string Phone = "+6281234567890";

    private static async Task<JsonElement> Number(WazzapApplication app, string phone = Phone) =>
        await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/numbers/{Uri.EscapeDataString(phone)}");

    private static async Task<JsonElement[]> Events(WazzapApplication app, string phone = Phone) =>
        (await app.CreateClient().GetFromJsonAsync<JsonElement[]>($"/api/numbers/{Uri.EscapeDataString(phone)}/events"))!;

    [Fact]
    public async Task SignedDocumentedExampleIsStored()
    {
        await using var app = new WazzapApplication();

        var response = await app.PostWazzapi(Fixtures.WazzapiConnected);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var number = await Number(app);
        Assert.Equal("connected", number.GetProperty("status").GetString());
        Assert.Equal("Primary Device", number.GetProperty("accountName").GetString());
        Assert.Equal("ID", number.GetProperty("country").GetString());
        Assert.Equal(1, app.Count("events"));
    }

    [Fact]
    public async Task PreviousSecretStillVerifiesDuringRotation()
    {
        await using var app = new WazzapApplication();

        var response = await app.PostWazzapi(Fixtures.WazzapiConnected, secret: WazzapApplication.PreviousSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData(null)]
    public async Task BadOrMissingSignatureIsRefusedAndNothingStored(string? secret)
    {
        await using var app = new WazzapApplication();
        var request = WazzapApplication.WazzapiRequest(Fixtures.WazzapiConnected, secret: secret ?? "x");
        if (secret is null) request.Headers.Remove(WebhookSignature.Header);

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, app.Count("events"));
        Assert.Equal(0, app.Count("numbers"));
    }

    [Fact]
    public async Task TamperedBodyIsRefused()
    {
        await using var app = new WazzapApplication();
        var request = WazzapApplication.WazzapiRequest(Fixtures.WazzapiConnected);
        request.Content = new StringContent(Fixtures.WazzapiConnected.Replace("Primary Device", "Evil Device"), Encoding.UTF8, "application/json");

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, app.Count("events"));
    }

    [Fact]
    public async Task RetryWithTheSameAttemptIdIsStoredOnce()
    {
        await using var app = new WazzapApplication();

        var first = await app.PostWazzapi(Fixtures.WazzapiConnected, eventId: "attempt-1");
        var second = await app.PostWazzapi(Fixtures.WazzapiConnected, eventId: "attempt-1");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("duplicate", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString());
        Assert.Single(await Events(app));
    }

    [Fact]
    public async Task ReplayedPayloadWithAFreshAttemptIdIsStoredOnce()
    {
        await using var app = new WazzapApplication();

        await app.PostWazzapi(Fixtures.WazzapiConnected, eventId: "attempt-1");
        var replay = await app.PostWazzapi(Fixtures.WazzapiConnected, eventId: "attempt-2");

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(1, app.Count("events"));
    }

    [Fact]
    public async Task OlderEventArrivingLateGoesToHistoryButNotState()
    {
        await using var app = new WazzapApplication();

        await app.PostWazzapi(Fixtures.Wazzapi("device.connected", timestamp: "2026-05-10T10:00:00Z"));
        await app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", timestamp: "2026-05-10T09:00:00Z", reason: "phone offline"));

        var number = await Number(app);
        Assert.Equal("connected", number.GetProperty("status").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-05-10T10:00:00Z"), number.GetProperty("statusChangedAt").GetDateTimeOffset());
        var events = await Events(app);
        Assert.Equal(["device.connected", "device.disconnected"], events.Select(e => e.GetProperty("eventType").GetString()));
    }

    [Fact]
    public async Task DisconnectionIsClassifiedAndKeepsTheRawReason()
    {
        await using var app = new WazzapApplication();

        await app.PostWazzapi(Fixtures.WazzapiDisconnected);

        var number = await Number(app);
        Assert.Equal("disconnected", number.GetProperty("status").GetString());
        Assert.Equal("phone_offline", number.GetProperty("reasonCategory").GetString());
        Assert.Equal("Linked device session expired: phone offline", number.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task FailedMessageSayingBannedBansTheNumber()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.Wazzapi("device.connected", timestamp: "2026-05-10T08:00:00Z"));

        await app.PostWazzapi(Fixtures.Wazzapi("message.failed", timestamp: "2026-05-10T09:00:00Z", failureReason: "Account has been banned"));

        var number = await Number(app);
        Assert.Equal("banned", number.GetProperty("status").GetString());
        Assert.Equal("banned", number.GetProperty("reasonCategory").GetString());
    }

    [Fact]
    public async Task FailedMessageForOtherReasonsOnlyRecordsActivity()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.Wazzapi("device.connected", timestamp: "2026-05-10T08:00:00Z"));

        await app.PostWazzapi(Fixtures.WazzapiMessageFailed);

        var number = await Number(app);
        Assert.Equal("connected", number.GetProperty("status").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-05-10T09:00:03Z"), number.GetProperty("lastEventAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task UnknownEventTypeIsAcknowledgedAndKeptWithoutChangingStatus()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.Wazzapi("device.connected", timestamp: "2026-05-10T08:00:00Z"));

        var response = await app.PostWazzapi(Fixtures.Wazzapi("contact.updated", timestamp: "2026-05-10T09:00:00Z", reason: "banned words"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("connected", (await Number(app)).GetProperty("status").GetString());
        Assert.Equal(2, (await Events(app)).Length);
    }

    [Fact]
    public async Task LegacyEventFollowsTheNumberItsAccountWasLastSeenWith()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.Wazzapi("device.connected", timestamp: "2023-11-07T05:00:00Z"));

        await app.PostWazzapi(Fixtures.WazzapiLegacy);

        var number = await Number(app);
        Assert.Equal("disconnected", number.GetProperty("status").GetString());
        Assert.Equal("logged_out", number.GetProperty("reasonCategory").GetString());
    }

    [Fact]
    public async Task UnmatchedLegacyEventIsKeptAndJoinsItsNumberOnceLinked()
    {
        await using var app = new WazzapApplication();

        var response = await app.PostWazzapi(Fixtures.WazzapiLegacy);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, app.Count("events"));
        Assert.Equal(0, app.Count("numbers"));

        await app.PostWazzapi(Fixtures.Wazzapi("device.connected", timestamp: "2023-11-07T05:00:00Z"));

        var events = await Events(app);
        Assert.Equal(["session.disconnected", "device.connected"], events.Select(e => e.GetProperty("eventType").GetString()));
        Assert.Equal("disconnected", (await Number(app)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("{\"id\": ", "not valid JSON")]
    [InlineData("""{"id":"x","event_type":"device.connected","data":{"account_name":"A"}}""", "names no number")]
    [InlineData("""{"id":"x","event_type":"device.connected","data":{"phone_number":"12"}}""", "is not a phone number")]
    public async Task MalformedDeliveryIsA400ProblemAndNothingStored(string body, string detail)
    {
        await using var app = new WazzapApplication();

        var response = await app.PostWazzapi(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(detail, problem.GetProperty("detail").GetString());
        Assert.Equal(0, app.Count("events"));
        Assert.Equal(0, app.Count("numbers"));
    }

    [Fact]
    public async Task BodyOver256KiBIs413()
    {
        await using var app = new WazzapApplication();
        var body = Fixtures.WazzapiConnected.Replace("Primary Device", new string('x', 256 * 1024));

        var response = await app.PostWazzapi(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, app.Count("events"));
    }

    [Theory]
    [InlineData(false, HttpStatusCode.OK)]
    [InlineData(true, HttpStatusCode.RequestEntityTooLarge)]
    public async Task ABodyWithoutContentLengthIsReadUpToTheLimit(bool oversized, HttpStatusCode expected)
    {
        await using var app = new WazzapApplication();
        var body = oversized ? Fixtures.WazzapiConnected.Replace("Primary Device", new string('x', 256 * 1024)) : Fixtures.WazzapiConnected;
        var request = WazzapApplication.WazzapiRequest(body);
        // A stream of unknown length goes out chunked, with no Content-Length.
        request.Content = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(body)));
        request.Content.Headers.ContentType = new("application/json");

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(oversized ? 0 : 1, app.Count("events"));
    }

    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public async Task NonJsonContentTypeIs415()
    {
        await using var app = new WazzapApplication();
        var request = WazzapApplication.WazzapiRequest(Fixtures.WazzapiConnected);
        request.Content = new StringContent(Fixtures.WazzapiConnected, Encoding.UTF8, "text/plain");

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, app.Count("events"));
    }
}
