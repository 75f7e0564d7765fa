using System.Globalization;
using System.Net;
using System.Text.Json;

namespace WazzapDashboard.Reconciliation;

/// <summary>A device as the API lists it; <see cref="Json"/> is its raw object, kept as the history event's payload.</summary>
public sealed record Device(string Id, string? Name, string? PhoneNumber, string? Status,
    DateTimeOffset? LastConnectedAt, DateTimeOffset? LastHealthCheckAt, string Json);

public sealed record DevicePage(IReadOnlyList<Device> Devices, int Total, DateTimeOffset AnsweredAt);

/// <summary>The device API answered with something other than a page.</summary>
public sealed class DeviceApiException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Wazzapi's device API: <c>GET /api/v1/devices?limit=&amp;offset=</c> with a Bearer key. Transient failures
/// (5xx, 408, 429 with its <c>Retry-After</c>, timeouts) are retried by the client's resilience handler;
/// this paces itself by the <c>X-RateLimit-*</c> headers, waiting for the window to reset once none are left.
/// </summary>
public sealed class WazzapiDevices(HttpClient http, TimeProvider time)
{
    public const int PageSize = 100;

    private DateTimeOffset _notBefore = DateTimeOffset.MinValue;

    public async Task<DevicePage> Page(int offset, CancellationToken cancellationToken)
    {
        var wait = _notBefore - time.GetUtcNow();
        if (wait > TimeSpan.Zero) await Task.Delay(wait, time, cancellationToken);

        using var response = await http.GetAsync($"api/v1/devices?limit={PageSize}&offset={offset}", cancellationToken);
        var answeredAt = time.GetUtcNow();
        Pace(response, answeredAt);
        if (!response.IsSuccessStatusCode)
        {
            var what = response.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => " (check Wazzapi:ApiKey)",
                HttpStatusCode.TooManyRequests => " (rate limited)",
                _ => "",
            };
            throw new DeviceApiException($"The device API answered {(int)response.StatusCode} {response.ReasonPhrase}{what}.");
        }

        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("devices", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new DeviceApiException("The device API's answer has no devices list.");
            }
            var devices = list.EnumerateArray().Select(Read).OfType<Device>().ToList();
            var total = root.TryGetProperty("total", out var t) && t.TryGetInt32(out var n) ? n : offset + devices.Count;
            return new DevicePage(devices, total, answeredAt);
        }
        catch (JsonException ex)
        {
            throw new DeviceApiException("The device API's answer is not JSON.", ex);
        }
    }

    /// <summary>A device, or null when it has no id (nothing to name it by).</summary>
    private static Device? Read(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object || Text(e, "id") is not { } id) return null;
        return new Device(id, Text(e, "name"), Text(e, "phone_number"), Text(e, "status"),
            Instant(e, "last_connected_at"), Instant(e, "last_health_check_at"), e.GetRawText());
    }

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.ValueKind switch
    {
        JsonValueKind.String => v.GetString() is { Length: > 0 } s ? s : null,
        JsonValueKind.Number => v.GetRawText(),
        _ => null,
    } : null;

    private static DateTimeOffset? Instant(JsonElement e, string name) =>
        Text(e, name) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    /// <summary>
    /// Once a window's requests are used up, wait for its reset: <c>X-RateLimit-Reset</c> as Unix seconds, or as
    /// seconds from now when it is small; a minute when it is missing (the limit is per minute).
    /// </summary>
    private void Pace(HttpResponseMessage response, DateTimeOffset now)
    {
        if (Header(response, "X-RateLimit-Remaining") is not { } remaining || remaining > 0) return;
        _notBefore = Header(response, "X-RateLimit-Reset") switch
        {
            { } reset when reset > 1_000_000_000 => DateTimeOffset.FromUnixTimeSeconds(reset),
            { } reset => now.AddSeconds(reset),
            null => now.AddMinutes(1),
        };
    }

    private static long? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) && long.TryParse(values.FirstOrDefault(), CultureInfo.InvariantCulture, out var value)
            ? value : null;
}
