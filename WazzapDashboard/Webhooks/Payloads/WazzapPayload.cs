using System.Text.Json;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Webhooks.Payloads;

/// <summary>
/// Wazzap's unsigned per-number disconnection webhook, <c>{phone, country, event, timestamp}</c>.
/// The vendor warns fields vary between versions: only a phone is required; no timestamp means
/// the receipt time, no event means a disconnection.
/// </summary>
public static class WazzapPayload
{
    public const string DefaultEvent = "disconnected";

    public static ParseResult Parse(JsonElement root, Delivery delivery)
    {
        var raw = Json.Text(root, "phone", "phone_number", "phoneNumber", "number");
        if (raw is null) return ParseResult.Fail("'phone' is required.");
        if (Json.Phone(raw, "phone", out var phone) is { } phoneError) return phoneError;
        if (!Json.TryTime(root, "timestamp", out var occurredAt, out var timeError)) return ParseResult.Fail(timeError!);

        var eventType = Json.Text(root, "event", "event_type", "type") ?? DefaultEvent;
        var at = occurredAt ?? delivery.ReceivedAt;
        return ParseResult.Ok(new FleetEvent(
            Source: Sources.Wazzap,
            // Wazzap sends no id: the same phone, event and time is the same delivery.
            DedupeKey: $"{Sources.Wazzap}:{phone!.E164}|{eventType}|{at.ToUnixTimeMilliseconds()}",
            AttemptId: null,
            EventType: eventType,
            Phone: phone.E164,
            Country: Json.Text(root, "country")?.ToUpperInvariant() ?? phone.Country,
            AccountId: null,
            AccountName: Json.Text(root, "name", "account_name"),
            Reason: Json.Text(root, "reason", "message", "description"),
            OccurredAt: at,
            ReceivedAt: delivery.ReceivedAt,
            Payload: delivery.Body));
    }
}
