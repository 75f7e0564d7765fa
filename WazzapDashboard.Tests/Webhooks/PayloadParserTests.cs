using WazzapDashboard.Fleet;
using WazzapDashboard.Tests.Infrastructure;
using WazzapDashboard.Webhooks.Payloads;

namespace WazzapDashboard.Tests.Webhooks;

public class PayloadParserTests
{
    private static readonly DateTimeOffset Received = new(2026, 5, 15, 12, 0, 0, TimeSpan.Zero);

    private static ParseResult Wazzapi(string body, string? attemptId = "attempt-1") => PayloadParser.Wazzapi(new Delivery(body, attemptId, Received));
    private static ParseResult Wazzap(string body) => PayloadParser.Wazzap(new Delivery(body, null, Received));

    [Fact]
    public void ReadsTheCurrentWazzapiEnvelope()
    {
        var e = Wazzapi(Fixtures.WazzapiConnected).Event!;

        Assert.Equal("wazzapi:37d0d32f-75e7-4874-9875-e29442d7d37c", e.DedupeKey);
        Assert.Equal("attempt-1", e.AttemptId);
        Assert.Equal("device.connected", e.EventType);
        Assert.Equal("+6281234567890", e.Phone);
        Assert.Equal("ID", e.Country);
        Assert.Equal("c053d8ef-6c19-4ecb-9cc5-a4a64be79d92", e.AccountId);
        Assert.Equal("Primary Device", e.AccountName);
        Assert.Equal("Connected", e.Reason);
        Assert.Equal(new DateTimeOffset(2026, 4, 26, 11, 0, 0, TimeSpan.Zero), e.OccurredAt);
        Assert.Equal(Received, e.ReceivedAt);
        Assert.Equal(Fixtures.WazzapiConnected, e.Payload);
    }

    [Fact]
    public void TakesTheFailureReasonOfAFailedMessage() =>
        Assert.Equal("WhatsApp account is disconnected", Wazzapi(Fixtures.WazzapiMessageFailed).Event!.Reason);

    [Fact]
    public void ReadsTheLegacyShapeWithoutAPhone()
    {
        var e = Wazzapi(Fixtures.WazzapiLegacy).Event!;

        Assert.Equal("wazzapi:evt_1234567890", e.DedupeKey);
        Assert.Equal("session.disconnected", e.EventType);
        Assert.Null(e.Phone);
        Assert.Equal("c053d8ef-6c19-4ecb-9cc5-a4a64be79d92", e.AccountId);
        Assert.Equal("logged out from linked devices", e.Reason);
        Assert.Equal(new DateTimeOffset(2023, 11, 7, 5, 31, 56, TimeSpan.Zero), e.OccurredAt);
    }

    [Fact]
    public void ReadsWazzapsDisconnection()
    {
        var e = Wazzap(Fixtures.WazzapDisconnected).Event!;

        Assert.Equal("+525512345678", e.Phone);
        Assert.Equal("MX", e.Country);
        Assert.Equal("disconnected", e.EventType);
        Assert.Equal(new DateTimeOffset(2026, 5, 14, 18, 42, 11, TimeSpan.Zero), e.OccurredAt);
        Assert.Equal("wazzap:+525512345678|disconnected|" + e.OccurredAt.ToUnixTimeMilliseconds(), e.DedupeKey);
    }

    [Fact]
    public void ToleratesAMinimalWazzapPayload()
    {
        var e = Wazzap("""{"phone":"5215512345678"}""").Event!;

        Assert.Equal("+525512345678", e.Phone);
        Assert.Equal("MX", e.Country);
        Assert.Equal(WazzapPayload.DefaultEvent, e.EventType);
        Assert.Equal(Received, e.OccurredAt);
    }

    [Theory]
    [InlineData("""{"phone":5215512345678,"timestamp":1778784131}""")]
    [InlineData("""{"phone_number":"+52 1 55 1234 5678","timestamp":1778784131000}""")]
    public void ToleratesWazzapVariants(string body)
    {
        var e = Wazzap(body).Event!;

        Assert.Equal("+525512345678", e.Phone);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1778784131), e.OccurredAt);
    }

    [Fact]
    public void MissingTimestampMeansReceiptTime() =>
        Assert.Equal(Received, Wazzapi(Fixtures.Wazzapi("device.connected", timestamp: null)).Event!.OccurredAt);

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("""{"foo":"bar"}""", "Unrecognised Wazzapi payload")]
    [InlineData("""{"event_type":"device.connected","data":{"phone_number":"6281234567890"}}""", "'id' is required")]
    [InlineData("""{"id":"x","event_type":"device.connected","data":{}}""", "neither 'data.phone_number' nor 'data.whatsapp_account_id'")]
    [InlineData("""{"id":"x","event_type":"device.connected"}""", "neither 'data.phone_number' nor 'data.whatsapp_account_id'")]
    [InlineData("""{"id":"x","event":"session.disconnected","data":{"reason":"x"}}""", "neither 'data.phoneNumber' nor 'data.whatsappAccountId'")]
    [InlineData("""{"id":"x","event_type":"","data":{"phone_number":"6281234567890"}}""", "'event_type' must be a non-empty string")]
    [InlineData("""{"id":"x","event_type":"device.connected","data":{"phone_number":"hello"}}""", "'data.phone_number' is not a phone number")]
    [InlineData("""{"id":"x","event_type":"device.connected","timestamp":"yesterday","data":{"phone_number":"6281234567890"}}""", "'timestamp' is not an ISO-8601")]
    public void SaysWhatIsWrongWithABadWazzapiPayload(string body, string error)
    {
        var result = Wazzapi(body);

        Assert.Null(result.Event);
        Assert.Contains(error, result.Error);
    }

    [Theory]
    [InlineData("""{"country":"MX","event":"disconnected"}""", "'phone' is required")]
    [InlineData("""{"phone":"abc"}""", "'phone' is not a phone number")]
    [InlineData("null", "must be a JSON object")]
    public void SaysWhatIsWrongWithABadWazzapPayload(string body, string error) =>
        Assert.Contains(error, Wazzap(body).Error);
}
