using System.Globalization;
using System.Text.Json;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Webhooks.Payloads;

/// <summary>A parsed delivery, or a sentence saying what is wrong with it.</summary>
public sealed record ParseResult(FleetEvent? Event, string? Error)
{
    public static ParseResult Ok(FleetEvent e) => new(e, null);
    public static ParseResult Fail(string error) => new(null, error);
}

/// <summary>What a delivery carries besides its body.</summary>
public sealed record Delivery(string Body, string? AttemptId, DateTimeOffset ReceivedAt);

/// <summary>A field that cannot be read at all; the parser turns it into a <see cref="ParseResult.Fail"/>.</summary>
internal sealed class InvalidPayloadException(string message) : Exception(message);

/// <summary>Lenient readers shared by the payload shapes: gateways vary types and omit fields.</summary>
internal static class Json
{
    private static readonly long MaxUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static JsonElement? Object(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    /// <summary>The first of <paramref name="names"/> holding a non-empty string or a number.</summary>
    public static string? Text(JsonElement? parent, params string[] names)
    {
        if (parent is not { ValueKind: JsonValueKind.Object } obj) return null;
        foreach (var name in names)
        {
            if (!obj.TryGetProperty(name, out var value)) continue;
            var text = value.ValueKind switch
            {
                JsonValueKind.String => String(value, name),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(text)) return text.Trim();
        }
        return null;
    }

    /// <summary>
    /// A JSON string as text. An escape that makes no Unicode text (a lone surrogate such as \ud800) is the
    /// sender's error, and so is a NUL (\u0000), which no stored text may hold (PostgreSQL refuses it).
    /// </summary>
    private static string? String(JsonElement value, string name)
    {
        string? text;
        try
        {
            text = value.GetString();
        }
        catch (InvalidOperationException)
        {
            throw new InvalidPayloadException($"'{name}' is not valid Unicode text: it holds an unpaired UTF-16 surrogate escape.");
        }
        return text is not null && text.Contains('\0')
            ? throw new InvalidPayloadException($"'{name}' holds a NUL character (\\u0000).")
            : text;
    }

    /// <summary>ISO-8601, or Unix seconds/milliseconds; null when absent, an error when unreadable.</summary>
    public static bool TryTime(JsonElement? parent, string name, out DateTimeOffset? time, out string? error)
    {
        time = null;
        error = null;
        var text = Text(parent, name);
        if (text is null) return true;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            if (epoch > MaxUnixMilliseconds)
            {
                error = $"'{name}' is out of range: {text} is after the year 9999 in Unix milliseconds.";
                return false;
            }
            // Seconds up to 100,000,000,000 (the year 5138): anything larger is milliseconds.
            time = epoch > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(epoch) : DateTimeOffset.FromUnixTimeSeconds(epoch);
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed.ToUniversalTime();
            return true;
        }
        error = $"'{name}' is not an ISO-8601 date-time: \"{text}\".";
        return false;
    }

    public static ParseResult? Phone(string? raw, string field, out NormalisedPhone? phone)
    {
        phone = null;
        if (raw is null) return null;
        phone = Phones.Normalise(raw);
        return phone is null ? ParseResult.Fail($"'{field}' is not a phone number in international form: \"{raw}\".") : null;
    }
}
