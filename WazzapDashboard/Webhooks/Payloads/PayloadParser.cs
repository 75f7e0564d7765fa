using System.Text.Json;

namespace WazzapDashboard.Webhooks.Payloads;

/// <summary>Turns a delivery's body into a <see cref="ParseResult"/>, trying each known shape in order.</summary>
public static class PayloadParser
{
    private static readonly (Func<JsonElement, bool> Matches, Func<JsonElement, Delivery, ParseResult> Parse)[] WazzapiShapes =
    [
        (WazzapiEnvelope.Matches, WazzapiEnvelope.Parse),
        (WazzapiLegacy.Matches, WazzapiLegacy.Parse),
    ];

    public static ParseResult Wazzapi(Delivery delivery) => WithObject(delivery, root =>
    {
        foreach (var (matches, parse) in WazzapiShapes)
        {
            if (matches(root)) return parse(root, delivery);
        }
        return ParseResult.Fail("Unrecognised Wazzapi payload: expected 'event_type' (current envelope) or 'event' (legacy shape).");
    });

    public static ParseResult Wazzap(Delivery delivery) => WithObject(delivery, root => WazzapPayload.Parse(root, delivery));

    private static ParseResult WithObject(Delivery delivery, Func<JsonElement, ParseResult> parse)
    {
        try
        {
            using var document = JsonDocument.Parse(delivery.Body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? parse(document.RootElement)
                : ParseResult.Fail($"The body must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
        }
        catch (JsonException ex)
        {
            return ParseResult.Fail($"The body is not valid JSON: {ex.Message}");
        }
        catch (InvalidPayloadException ex)
        {
            return ParseResult.Fail(ex.Message);
        }
    }
}
