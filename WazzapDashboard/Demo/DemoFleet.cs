using System.Text.Json.Nodes;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Demo;

/// <summary>~60 fictional numbers across six clients, and the reasons gateways give for drops.</summary>
public static class DemoFleet
{
    public sealed record Number(string Phone, string AccountName, string AccountId, RosterEntry Roster);

    private static readonly string[] Clients = ["Sunrise Dental", "Northwind Realty", "Bella Moda", "Kopi Kita", "Atlas Fitness", "Verde Travel"];
    private static readonly string[] Roles = ["Sales", "Support", "Promo", "Bookings", "VIP", "Follow-up", "Leads", "Billing", "Care", "Events"];
    private static readonly string[] Owners = ["Ana", "Budi", "Carla", "Dev", "Elif"];

    // Plausible mobile ranges per country; the last digits vary.
    private static readonly string[] Prefixes = ["+62812", "+5255", "+55119", "+9198", "+3461", "+447911"];
    private static readonly int[] Lengths = [13, 13, 14, 13, 12, 13];

    public static IReadOnlyList<Number> Numbers(int count = 60)
    {
        var random = new Random(2026);
        var numbers = new List<Number>();
        for (var i = 0; numbers.Count < count; i++)
        {
            var country = i % Prefixes.Length;
            var digits = Prefixes[country] + string.Concat(Enumerable.Range(0, Lengths[country] - Prefixes[country].Length).Select(_ => random.Next(10)));
            if (Phones.Normalise(digits) is not { } phone || numbers.Any(n => n.Phone == phone.E164)) continue;
            var client = Clients[numbers.Count % Clients.Length];
            var role = Roles[numbers.Count / Clients.Length % Roles.Length];
            var roster = new RosterEntry(client, $"Phone {numbers.Count + 1:00}", Owners[numbers.Count % Owners.Length],
                RunsCampaign: numbers.Count % 4 == 0);
            numbers.Add(new Number(phone.E164, $"{client} · {role}", Guid.NewGuid().ToString(), roster));
        }
        return numbers;
    }

    /// <summary>Reason strings as gateways word them, by cause; worded differently on purpose.</summary>
    public static readonly IReadOnlyDictionary<ReasonCategory, string[]> Reasons = new Dictionary<ReasonCategory, string[]>
    {
        [ReasonCategory.PhoneOffline] = ["Linked device session expired: phone offline", "Phone has not been online for 14 days"],
        [ReasonCategory.SlotReused] = ["Session replaced: WhatsApp Web opened in another browser", "Device limit reached, linked device removed"],
        [ReasonCategory.Banned] = ["Account banned for spam", "This number is blocked by WhatsApp"],
        [ReasonCategory.LoggedOut] = ["logged out from linked devices", "User logged out on the phone"],
        [ReasonCategory.DeviceChanged] = ["SIM swap detected", "WhatsApp restored on a new phone"],
        [ReasonCategory.AppUpdate] = ["WhatsApp app update required", "Scheduled maintenance window"],
        [ReasonCategory.Unknown] = ["Stream error 515"],
    };

    /// <summary>The causes of a drop that is not a ban (declared after <see cref="Reasons"/>, which it reads).</summary>
    public static readonly ReasonCategory[] Drops = Reasons.Keys.Where(c => c != ReasonCategory.Banned).ToArray();

    public static readonly string[] Messages = ["message.sent", "message.delivered", "message.read", "message.received"];

    public static string Delivery(Number number, string eventType, DateTimeOffset at, string? reason = null, string? failureReason = null) =>
        new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["event_type"] = eventType,
            ["timestamp"] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
            ["organization_id"] = "0f1d6e38-d6bc-49be-9c39-1fcf2f946d7e",
            ["webhook_id"] = "a17d6351-d8f6-4cd8-ae0e-fce090afdb8f",
            ["data"] = new JsonObject
            {
                ["message_id"] = eventType.StartsWith("message.", StringComparison.Ordinal) ? Guid.NewGuid().ToString() : "",
                ["phone_number"] = number.Phone.TrimStart('+'),
                ["account_name"] = number.AccountName,
                ["status"] = eventType.Split('.')[1],
                ["direction"] = eventType.StartsWith("message.", StringComparison.Ordinal) ? "outbound" : "system",
                ["failure_reason"] = failureReason,
                ["reason"] = reason,
                ["whatsapp_account_id"] = number.AccountId,
            },
        }.ToJsonString();
}
