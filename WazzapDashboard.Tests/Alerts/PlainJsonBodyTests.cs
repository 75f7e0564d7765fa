using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WazzapDashboard.Tests.Infrastructure;
using static WazzapDashboard.Tests.Alerts.Alerting;

namespace WazzapDashboard.Tests.Alerts;

/// <summary>People read the bodies we post (in Zapier, HighLevel, Slack): a phone is "+6281…", not "\u002B6281…".</summary>
public class PlainJsonBodyTests
{
    private const string Phone = "+6281234567890";

    /// <summary>A drop whose payload carries the phone with its plus sign and an accented account name.</summary>
    private static string Drop()
    {
        var body = JsonNode.Parse(Disconnected(phone: Phone))!;
        body["data"]!["account_name"] = "Café Olé <front desk> & \"José\"";
        return body.ToJsonString();
    }

    private static async Task<FakeReceiver.ReceivedRequest> OnlyRequest(FakeReceiver receiver)
    {
        await Eventually(() => Assert.Single(receiver.Accepted));
        return receiver.Accepted[0];
    }

    [Fact]
    public async Task TheWebhookChannelWritesPhonesAndAccentsPlainly()
    {
        await using var receiver = await FakeReceiver.Start();
        await using var app = new WazzapApplication(settings: Settings(
            [.. Channel(0, "zapier", "webhook", ("Url", receiver.Url())), .. Rule(0, "zapier", "disconnected")]));
        (await app.CreateClient().PostAsJsonAsync("/api/numbers", new { phone = Phone, client = "Acme+Ñandú" })).EnsureSuccessStatusCode();

        await app.PostWazzapi(Drop());

        var body = (await OnlyRequest(receiver)).Body;
        Assert.Contains($"\"phone\":\"{Phone}\"", body);
        Assert.Contains("\"client\":\"Acme+Ñandú\"", body);
        Assert.Contains("Café Olé <front desk> & \\\"José\\\"", body);
        Assert.DoesNotContain("\\u00", body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Phone, (await OnlyRequest(receiver)).Json.GetProperty("numbers")[0].GetProperty("phone").GetString());
    }

    [Fact]
    public async Task TheRelayWritesPhonesAndAccentsPlainlyAndKeepsThePayloadsMeaning()
    {
        await using var receiver = await FakeReceiver.Start();
        await using var app = new WazzapApplication(settings: Settings(
            [.. Channel(0, "crm", "webhook", ("Url", receiver.Url()), ("Relay", "all"))]));

        await app.PostWazzapi(Drop());

        var request = await OnlyRequest(receiver);
        Assert.Contains($"\"phone\":\"{Phone}\"", request.Body);
        Assert.Contains($"\"phone_number\":\"{Phone}\"", request.Body);
        Assert.Contains("Café Olé <front desk> & \\\"José\\\"", request.Body);
        Assert.DoesNotContain("\\u00", request.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Café Olé <front desk> & \"José\"", request.Json.GetProperty("payload").GetProperty("data").GetProperty("account_name").GetString());
    }

    [Fact]
    public async Task TheSlackChannelWritesPhonesPlainly()
    {
        await using var receiver = await FakeReceiver.Start();
        await using var app = new WazzapApplication(settings: Settings(
            [.. Channel(0, "ops", "slack", ("Url", receiver.Url())), .. Rule(0, "ops", "disconnected")]));

        await app.PostWazzapi(Drop());

        var body = (await OnlyRequest(receiver)).Body;
        Assert.Contains("Café Olé <front desk> & \\\"José\\\" (+62 812-3456-7890) disconnected", body);
        Assert.DoesNotContain("\\u00", body, StringComparison.OrdinalIgnoreCase);
    }
}
