using System.Text.Json.Nodes;

namespace WazzapDashboard.Tests.Infrastructure;

/// <summary>The gateways' documented payloads in TestData/, and variants of them.</summary>
public static class Fixtures
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", name));

    public static string WazzapiConnected => Read("wazzapi/device.connected.json");
    public static string WazzapiDisconnected => Read("wazzapi/device.disconnected.json");
    public static string WazzapiLegacy => Read("wazzapi/legacy-session.disconnected.json");
    public static string WazzapiMessageFailed => Read("wazzapi/message.failed.json");
    public static string WazzapDisconnected => Read("wazzap/disconnected.json");

    /// <summary>A Wazzapi envelope like the fixtures, with a fresh id unless given.</summary>
    public static string Wazzapi(string eventType, string phone = "6281234567890", string? timestamp = "2026-05-10T08:15:00Z",
        string? reason = null, string? failureReason = null, string? accountId = "c053d8ef-6c19-4ecb-9cc5-a4a64be79d92", string? id = null)
    {
        var root = JsonNode.Parse(WazzapiConnected)!.AsObject();
        root["id"] = id ?? Guid.NewGuid().ToString();
        root["event_type"] = eventType;
        root["timestamp"] = timestamp;
        var data = root["data"]!.AsObject();
        data["phone_number"] = phone;
        data["reason"] = reason;
        data["failure_reason"] = failureReason;
        data["whatsapp_account_id"] = accountId;
        return root.ToJsonString();
    }
}
