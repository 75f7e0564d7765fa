using System.Text.Json;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Webhooks.Payloads;

/// <summary>
/// Wazzapi's current envelope: <c>id</c>, <c>event_type</c>, <c>timestamp</c>, <c>organization_id</c>,
/// and <c>data</c> with <c>phone_number</c>, <c>account_name</c>, <c>reason</c>, <c>failure_reason</c>,
/// <c>whatsapp_account_id</c>.
/// </summary>
public static class WazzapiEnvelope
{
    public static bool Matches(JsonElement root) => root.TryGetProperty("event_type", out _);

    public static ParseResult Parse(JsonElement root, Delivery delivery) =>
        WazzapiShape.Parse(root, delivery,
            eventType: Json.Text(root, "event_type"), eventField: "event_type",
            phoneField: "data.phone_number", phone: Json.Text(Json.Object(root, "data"), "phone_number"),
            accountField: "data.whatsapp_account_id", accountId: Json.Text(Json.Object(root, "data"), "whatsapp_account_id"),
            accountName: Json.Text(Json.Object(root, "data"), "account_name"),
            reason: Json.Text(Json.Object(root, "data"), "reason", "failure_reason"));
}

/// <summary>
/// Wazzapi's older camelCase shape: <c>id</c>, <c>event</c>, <c>timestamp</c>, <c>organizationId</c>,
/// <c>data.whatsappAccountId</c>, <c>data.reason</c>. It names no phone: the account id is matched
/// to the number it was last seen with.
/// </summary>
public static class WazzapiLegacy
{
    public static bool Matches(JsonElement root) => root.TryGetProperty("event", out _);

    public static ParseResult Parse(JsonElement root, Delivery delivery) =>
        WazzapiShape.Parse(root, delivery,
            eventType: Json.Text(root, "event"), eventField: "event",
            phoneField: "data.phoneNumber", phone: Json.Text(Json.Object(root, "data"), "phoneNumber"),
            accountField: "data.whatsappAccountId", accountId: Json.Text(Json.Object(root, "data"), "whatsappAccountId"),
            accountName: Json.Text(Json.Object(root, "data"), "accountName"),
            reason: Json.Text(Json.Object(root, "data"), "reason", "failureReason"));
}

/// <summary>What both Wazzapi shapes require once their fields are read.</summary>
internal static class WazzapiShape
{
    public static ParseResult Parse(JsonElement root, Delivery delivery,
        string? eventType, string eventField, string phoneField, string? phone,
        string accountField, string? accountId, string? accountName, string? reason)
    {
        var id = Json.Text(root, "id");
        if (id is null) return ParseResult.Fail("'id' is required: it identifies the payload across retries.");
        if (eventType is null) return ParseResult.Fail($"'{eventField}' must be a non-empty string.");
        if (phone is null && accountId is null)
        {
            return ParseResult.Fail($"The delivery names no number: neither '{phoneField}' nor '{accountField}' is present.");
        }
        if (Json.Phone(phone, phoneField, out var normalised) is { } phoneError) return phoneError;
        if (!Json.TryTime(root, "timestamp", out var occurredAt, out var timeError)) return ParseResult.Fail(timeError!);

        return ParseResult.Ok(new FleetEvent(
            Source: Sources.Wazzapi,
            DedupeKey: $"{Sources.Wazzapi}:{id}",
            AttemptId: delivery.AttemptId,
            EventType: eventType,
            Phone: normalised?.E164,
            Country: normalised?.Country,
            AccountId: accountId,
            AccountName: accountName,
            Reason: reason,
            OccurredAt: occurredAt ?? delivery.ReceivedAt,
            ReceivedAt: delivery.ReceivedAt,
            Payload: delivery.Body));
    }
}
