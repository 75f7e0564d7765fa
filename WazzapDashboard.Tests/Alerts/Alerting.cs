using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using WazzapDashboard.Alerts;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Alerts;

/// <summary>Settings and waits shared by the alerts tests that run the whole app.</summary>
public static class Alerting
{
    /// <summary>
    /// No group wait, no retries inside an attempt, a timeout the fake clock cannot reach while a
    /// test advances it, and no grace before a drop is announced: each test then decides when time passes.
    /// </summary>
    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Alerts:GroupWait"] = "00:00:00",
            ["Alerts:Delivery:HttpRetries"] = "0",
            ["Alerts:Delivery:Timeout"] = "1.00:00:00",
            ["Alerts:DisconnectGrace"] = "00:00:00",
        };
        foreach (var (key, value) in extra) settings[key] = value;
        return settings;
    }

    /// <summary>A configured channel <c>Alerts:Channels:{index}</c>.</summary>
    public static IEnumerable<(string, string?)> Channel(int index, string name, string type, params (string Key, string? Value)[] fields) =>
        new[] { ($"Alerts:Channels:{index}:Name", (string?)name), ($"Alerts:Channels:{index}:Type", type) }
            .Concat(fields.Select(f => ($"Alerts:Channels:{index}:{f.Key}", f.Value)));

    /// <summary>A configured rule <c>Alerts:Rules:{index}</c> covering every number.</summary>
    public static IEnumerable<(string, string?)> Rule(int index, string channel, params string[] changes) =>
        new[] { ($"Alerts:Rules:{index}:Name", (string?)$"rule {index}"), ($"Alerts:Rules:{index}:Channels:0", channel) }
            .Concat(changes.Select((c, i) => ($"Alerts:Rules:{index}:Changes:{i}", (string?)c)));

    public static Dictionary<string, string?> Settings(IEnumerable<(string, string?)> parts, params (string Key, string? Value)[] extra) =>
        Settings([.. parts, .. extra]);

    public static Task Eventually(Action assertion) => Poll.Until(assertion);

    /// <summary>
    /// Waits until the alerts have dealt with everything committed so far: a pass of the engine begun
    /// after this call (so it has read every change already published), then a pass of the sender begun after
    /// that one (so it has tried every message that pass queued). For checking that something does NOT happen.
    /// </summary>
    public static async Task Settle(this WazzapApplication app)
    {
        await app.Services.GetRequiredService<AlertEngine>().NextPass().WaitAsync(Poll.Deadline);
        await app.Services.GetRequiredService<AlertSender>().NextPass().WaitAsync(Poll.Deadline);
    }

    public static IReadOnlyList<OutboxEntry> Outbox(this WazzapApplication app) =>
        app.Services.GetRequiredService<Outbox>().Recent(100);

    /// <summary>What the alerts last said about a number (<c>alert_numbers.condition</c>), null before they have seen it.</summary>
    public static string? AlertCondition(this WazzapApplication app, string phone)
    {
        using var connection = app.OpenDatabase();
        return connection.QuerySingleOrDefault<string>("SELECT condition FROM alert_numbers WHERE phone = @phone", new { phone });
    }

    public static string Disconnected(string phone = "6281234567890", string timestamp = "2026-05-15T11:59:00Z",
        string reason = "Session replaced by WhatsApp Web", string? id = null) =>
        Fixtures.Wazzapi("device.disconnected", phone: phone, timestamp: timestamp, reason: reason, id: id);

    public static string Connected(string phone = "6281234567890", string timestamp = "2026-05-15T11:59:30Z") =>
        Fixtures.Wazzapi("device.connected", phone: phone, timestamp: timestamp, reason: "Connected");
}
