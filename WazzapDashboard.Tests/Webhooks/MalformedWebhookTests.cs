using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Webhooks;

/// <summary>Correctly signed bodies the parser cannot use: each is a 400 that stores nothing, never a 5xx.</summary>
public class MalformedWebhookTests
{
    private const string LoneSurrogate = "\\ud800";

    /// <summary>The current envelope with one string field (a path below the root) holding <paramref name="raw"/> JSON.</summary>
    private static string Envelope(string path, string raw)
    {
        var root = JsonNode.Parse(Fixtures.WazzapiConnected)!.AsObject();
        var (parent, name) = path.StartsWith("data.", StringComparison.Ordinal) ? (root["data"]!.AsObject(), path[5..]) : (root, path);
        parent[name] = "PLACEHOLDER";
        // The failure reason is read only when there is no reason.
        if (name is "failure_reason" or "failureReason") parent.Remove("reason");
        return root.ToJsonString().Replace("\"PLACEHOLDER\"", raw);
    }

    private static string Legacy(string path, string raw)
    {
        var root = JsonNode.Parse(Fixtures.WazzapiLegacy)!.AsObject();
        var (parent, name) = path.StartsWith("data.", StringComparison.Ordinal) ? (root["data"]!.AsObject(), path[5..]) : (root, path);
        parent[name] = "PLACEHOLDER";
        // The failure reason is read only when there is no reason.
        if (name is "failure_reason" or "failureReason") parent.Remove("reason");
        return root.ToJsonString().Replace("\"PLACEHOLDER\"", raw);
    }

    public static TheoryData<string> WazzapiBodies()
    {
        var data = new TheoryData<string>
        {
            // The issue's own example.
            $$$"""{"id":"a1","event_type":"device.connected","timestamp":"2026-01-01T00:00:00Z","data":{"phone_number":"{{{LoneSurrogate}}}"}}""",
        };
        foreach (var field in new[] { "id", "event_type", "timestamp", "data.phone_number", "data.account_name", "data.reason",
                     "data.failure_reason", "data.whatsapp_account_id" })
        {
            data.Add(Envelope(field, $"\"{LoneSurrogate}\""));
            data.Add(Envelope(field, "\"ok \\udfff then\""));
            // A NUL no stored text may hold (PostgreSQL refuses it, so SQLite refuses it too).
            data.Add(Envelope(field, "\"a\\u0000b\""));
        }
        foreach (var field in new[] { "id", "event", "timestamp", "data.phoneNumber", "data.accountName", "data.reason",
                     "data.failureReason", "data.whatsappAccountId" })
        {
            data.Add(Legacy(field, $"\"{LoneSurrogate}\""));
        }
        foreach (var epoch in new[] { "99999999999999999", "9223372036854775807", "\"253402300800000\"", "\"9223372036854775807\"",
                     "99999999999999999999", "\"99999999999999999\"" })
        {
            data.Add(Envelope("timestamp", epoch));
            data.Add(Legacy("timestamp", epoch));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(WazzapiBodies))]
    public async Task UnreadableWazzapiFieldIsABadRequestThatStoresNothing(string body)
    {
        await using var app = new WazzapApplication();

        var response = await app.PostWazzapi(body);

        await AssertRefused(response);
        Assert.Equal(0, app.Count("events"));
        Assert.Equal(0, app.Count("numbers"));
    }

    public static TheoryData<string> WazzapBodies()
    {
        var data = new TheoryData<string> { $$"""{"phone":"{{LoneSurrogate}}"}""" };
        foreach (var field in new[] { "country", "event", "timestamp", "name", "reason" })
        {
            data.Add($$"""{"phone":"6281234567890","{{field}}":"{{LoneSurrogate}}"}""");
        }
        foreach (var epoch in new[] { "99999999999999999", "9223372036854775807", "\"253402300800000\"" })
        {
            data.Add($$"""{"phone":"6281234567890","event":"disconnected","timestamp":{{epoch}}}""");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(WazzapBodies))]
    public async Task UnreadableWazzapFieldIsABadRequestThatStoresNothing(string body)
    {
        await using var app = new WazzapApplication();

        var response = await app.PostWazzap(body);

        await AssertRefused(response);
        Assert.Equal(0, app.Count("events"));
        Assert.Equal(0, app.Count("numbers"));
    }

    [Theory]
    [InlineData("253402300799999", "9999-12-31T23:59:59.999+00:00")] // the last millisecond that exists
    [InlineData("99999999999", "5138-11-16T09:46:39+00:00")] // the largest value read as seconds
    public async Task LargestReadableEpochIsStillAccepted(string epoch, string expected)
    {
        await using var app = new WazzapApplication();

        var response = await app.PostWazzapi(Envelope("timestamp", epoch));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await app.CreateClient().GetFromJsonAsync<JsonElement[]>("/api/numbers/6281234567890/events");
        Assert.Equal(DateTimeOffset.Parse(expected), events![0].GetProperty("claimedAt").GetDateTimeOffset());
    }

    /// <summary>
    /// Thousands of correctly signed bodies, each one of the documented payloads with random damage: values
    /// swapped for nasty ones, fields dropped or added, characters changed. Seeded, so a failure repeats.
    /// No answer is a 5xx, every refusal is problem+json, and only the deliveries answered "stored" are stored.
    /// </summary>
    [Fact]
    public async Task RandomlyDamagedSignedBodiesNeverGetA5xxAndRefusalsStoreNothing()
    {
        await using var app = new WazzapApplication(settings: new Dictionary<string, string?> { ["RateLimits:WebhooksPerSecond"] = "1000000" });
        var client = app.CreateClient();
        var random = new Random(20260501);
        var seeds = new[] { Fixtures.WazzapiConnected, Fixtures.WazzapiDisconnected, Fixtures.WazzapiLegacy, Fixtures.WazzapiMessageFailed };
        var stored = 0;
        var statuses = new Dictionary<HttpStatusCode, int>();

        for (var round = 0; round < 100; round++)
        {
            // 30 at a time: the writer's batching is part of what is tried.
            var requests = Enumerable.Range(0, 30).Select(i =>
            {
                var toWazzap = i % 3 == 0;
                var body = Damage(random, toWazzap ? Fixtures.WazzapDisconnected : seeds[random.Next(seeds.Length)]);
                return (Body: body, Send: toWazzap
                    ? client.PostAsync($"/webhooks/wazzap/{WazzapApplication.WazzapToken}", new StringContent(body, Encoding.UTF8, "application/json"))
                    : client.SendAsync(WazzapApplication.WazzapiRequest(body)));
            }).ToList();

            foreach (var (body, send) in requests)
            {
                var response = await send;
                statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
                Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {body}");
                if (response.IsSuccessStatusCode)
                {
                    var result = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString();
                    if (result == "stored") stored++;
                }
                else
                {
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                }
            }
        }

        Assert.Equal(stored, app.Count("events"));
        // The damage must reach both sides: plenty refused, plenty still accepted.
        Assert.InRange(statuses.GetValueOrDefault(HttpStatusCode.BadRequest), 500, 2500);
        Assert.InRange(stored, 500, 2500);
    }

    private static readonly string[] NastyValues =
    [
        "\"\\ud800\"", "\"\\udc00\"", "\"a\\ud83dz\"", "\"\\ud83d\\ude00\"", "99999999999999999", "9223372036854775807",
        "-9223372036854775808", "\"253402300800000\"", "\"-62135596800001\"", "1e308", "-1", "0", "1.5", "\"NaN\"",
        "\"9999-12-31T23:59:59Z\"", "\"9999-12-31T23:59:59-05:00\"", "\"0001-01-01T00:00:00+05:00\"", "\"2026-02-30T00:00:00Z\"",
        "\"\"", "\" \"", "null", "true", "[]", "{}", "[[[[[[[[[[1]]]]]]]]]]", "{\"a\":{\"b\":{\"c\":\"\\ud800\"}}}", "\"\\u0000\"",
        "\"+\"", "\"00\"", "\"+999999999999999999999\"", "\"٦٢٨١٢٣٤٥٦٧٨٩٠\"", "\"+62 812-3456-7890\"", "\"x\\r\\ny\"",
        "\"" + new string('9', 300) + "\"", "\"" + new string('a', 5000) + "\"", "\"=cmd|' /C calc'!A0\"", "\"日本語\"",
    ];

    private const string Characters = "\"{}[],:\\u0\u00e9";

    private static readonly string[] Names =
    [
        "id", "event_type", "event", "timestamp", "phone", "phone_number", "phoneNumber", "number", "country", "name",
        "reason", "failure_reason", "failureReason", "message", "account_name", "accountName", "whatsapp_account_id",
        "whatsappAccountId", "data", "type", "organization_id",
    ];

    /// <summary>One to three random changes to <paramref name="json"/>: mostly to its values, sometimes to its text.</summary>
    private static string Damage(Random random, string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        root["id"] = Guid.NewGuid().ToString(); // a fresh payload id, so an accepted body is stored, not a duplicate
        var placeholders = new List<string>();
        for (var changes = random.Next(1, 4); changes > 0; changes--)
        {
            var target = root["data"] is JsonObject data && random.Next(2) == 0 ? data : root;
            var name = random.Next(3) == 0 ? Names[random.Next(Names.Length)] : Pick(random, target) ?? Names[random.Next(Names.Length)];
            switch (random.Next(4))
            {
                case 0:
                    target.Remove(name);
                    break;
                default:
                    var placeholder = $"NASTY{placeholders.Count}";
                    placeholders.Add(NastyValues[random.Next(NastyValues.Length)]);
                    target[name] = placeholder;
                    break;
            }
        }
        var text = root.ToJsonString();
        for (var i = 0; i < placeholders.Count; i++) text = text.Replace($"\"NASTY{i}\"", placeholders[i]);

        // Now and then damage the text itself: a changed, dropped or doubled character, or a cut.
        if (random.Next(6) == 0)
        {
            var at = random.Next(text.Length);
            text = random.Next(4) switch
            {
                0 => text.Remove(at, 1),
                1 => text.Insert(at, text[at].ToString()),
                2 => text[..at],
                _ => text.Remove(at, 1).Insert(at, Characters[random.Next(Characters.Length)].ToString()),
            };
        }
        return text;
    }

    private static string? Pick(Random random, JsonObject target) =>
        target.Count == 0 ? null : target.ElementAt(random.Next(target.Count)).Key;

    private static async Task AssertRefused(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }
}
