using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace WazzapDashboard.Benchmarks;

/// <summary>One Wazzapi delivery as the gateway sends it: the exact body bytes and the headers that go with them.</summary>
internal sealed record Post(string EventType, string AttemptId, byte[] Body);

/// <summary>
/// Current-envelope deliveries (the shape of TestData/wazzapi/*.json) for a fleet of
/// <c>numbers</c> Indonesian mobiles. A delivery is a pure function of its index, so the HTTP run
/// and the raw writer run commit the very same events.
/// </summary>
internal sealed class Payloads(int numbers)
{
    private const string Organization = "0f1d6e38-d6bc-49be-9c39-1fcf2f946d7e";
    private const string WebhookId = "a17d6351-d8f6-4cd8-ae0e-fce090afdb8f";

    // Traffic is mostly message receipts; connections come and go now and then.
    private static readonly (int Weight, string Type)[] Mix =
    [
        (30, "message.sent"), (25, "message.delivered"), (15, "message.read"), (14, "message.received"),
        (6, "message.failed"), (6, "device.connected"), (4, "device.disconnected"),
    ];

    // One reason per disconnection cause the dashboard classifies, in the gateways' kind of wording.
    private static readonly string[] DisconnectReasons =
    [
        "Linked device session expired: phone offline",
        "Session replaced by another WhatsApp Web session",
        "Logged out from linked devices",
        "Device changed: WhatsApp restored on a new phone",
        "WhatsApp app update required",
        "Connection closed",
    ];

    private const string BannedReason = "Account banned by WhatsApp";

    // Ids must be unique per run (a replayed id is a duplicate) yet the same for index i in both runs.
    private readonly byte[] _run = RandomNumberGenerator.GetBytes(8);

    public int Numbers { get; } = numbers;

    /// <summary>Raw phone as Wazzapi sends it (no plus): +62 812 3xxx xxxx.</summary>
    public static string Phone(int number) => $"62812{30_000_000 + number:D8}";

    /// <summary>Delivery <paramref name="index"/> of the load: a random number and event type from <see cref="Mix"/>.</summary>
    public Post Load(long index, DateTimeOffset now) => Stored(index, now).Post;

    /// <summary>
    /// A delivery of the prefilled history with what the app would store of it (no parsing, for speed).
    /// Negative indexes: its ids never collide with a run's deliveries.
    /// </summary>
    public (Post Post, string Id, int Number, string Type, string? Reason) History(long index, DateTimeOffset at) => Stored(index ^ long.MinValue, at);

    private (Post Post, string Id, int Number, string Type, string? Reason) Stored(long index, DateTimeOffset now)
    {
        var random = new Random(unchecked((int)index ^ BitConverter.ToInt32(_run)));
        var number = random.Next(Numbers);
        var pick = random.Next(100);
        var type = Mix[^1].Type;
        foreach (var (weight, candidate) in Mix)
        {
            if (pick < weight) { type = candidate; break; }
            pick -= weight;
        }
        var reason = type == "device.disconnected" ? DisconnectReasons[random.Next(DisconnectReasons.Length)] : null;
        var failure = type == "message.failed" ? "Recipient not on WhatsApp" : null;
        var id = Id(1, index);
        return (Build(id, Id(2, index), type, number, now, reason, failure), id, number, type, reason ?? failure);
    }

    /// <summary>
    /// The one delivery that introduces number <paramref name="number"/>, chosen so a seeded grid looks
    /// like a real fleet: mostly connected (some phones unseen for 7–13 days, so at risk), some
    /// disconnected for each cause, a few banned, a few seen only through messages. Ids are fixed,
    /// so seeding the same app twice stores nothing new.
    /// </summary>
    public Post Seed(int number, DateTimeOffset now)
    {
        var bucket = number % 100;
        var id = $"5eed0000-0000-4000-8000-{number:D12}";
        var attempt = $"5eed0000-0000-4000-9000-{number:D12}";
        return bucket switch
        {
            < 62 => Build(id, attempt, "device.connected", number, now.AddHours(-(number % 72)), "Connected", null),
            < 78 => Build(id, attempt, "device.connected", number, now.AddDays(-(7 + number % 7)), "Connected", null),
            < 90 => Build(id, attempt, "device.disconnected", number, now.AddMinutes(-(number % 600)), DisconnectReasons[number % DisconnectReasons.Length], null),
            < 93 => Build(id, attempt, "device.disconnected", number, now.AddHours(-(number % 48)), BannedReason, null),
            _ => Build(id, attempt, "message.sent", number, now.AddMinutes(-(number % 60)), null, null),
        };
    }

    /// <summary>Burst delivery <paramref name="index"/>: a message sent from <paramref name="number"/> at <paramref name="at"/>.</summary>
    public Post Burst(long index, int number, DateTimeOffset at) => Build(Id(3, index), Id(4, index), "message.sent", number, at, null, null);

    private Post Build(string id, string attempt, string type, int number, DateTimeOffset at, string? reason, string? failure)
    {
        var message = type.StartsWith("message.", StringComparison.Ordinal);
        var status = message ? type["message.".Length..] : type["device.".Length..];
        var body = $$"""
            {
              "id": "{{id}}",
              "event_type": "{{type}}",
              "timestamp": "{{at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}}",
              "organization_id": "{{Organization}}",
              "webhook_id": "{{WebhookId}}",
              "data": {
                "message_id": "{{(message ? id : "")}}",
                "whatsapp_message_id": null,
                "phone_number": "{{Phone(number)}}",
                "account_name": "Client {{number % 40 + 1:D2}} line {{number:D4}}",
                "status": "{{status}}",
                "direction": "{{(message ? (type == "message.received" ? "inbound" : "outbound") : "system")}}",
                "message_type": "{{(message ? "text" : "system")}}",
                "failure_reason": {{JsonSerializer.Serialize(failure)}},
                "reason": {{JsonSerializer.Serialize(reason)}},
                "sent_at": null,
                "delivered_at": null,
                "read_at": null,
                "failed_at": null,
                "whatsapp_account_id": "{{AccountId(number)}}",
                "campaign_id": null,
                "batch_id": null
              }
            }
            """;
        return new Post(type, attempt, Encoding.UTF8.GetBytes(body));
    }

    /// <summary>A number keeps one WhatsApp account id, as on a real gateway.</summary>
    private static string AccountId(int number) => $"acc0c0de-0000-4000-8000-{number:D12}";

    /// <summary>A random-looking UUID, as Wazzapi's are (sequential ids would flatter SQLite's unique indexes), fixed by run, kind and index.</summary>
    private string Id(byte kind, long index)
    {
        Span<byte> input = stackalloc byte[17];
        _run.CopyTo(input);
        input[8] = kind;
        BinaryPrimitives.WriteInt64BigEndian(input[9..], index);
        return new Guid(SHA256.HashData(input)[..16]).ToString();
    }

    public static string Sign(byte[] body, byte[] secret) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, body));
}
