using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace WazzapDashboard.Tests.Infrastructure;

/// <summary>
/// Wazzapi's device API in process (an <see cref="HttpMessageHandler"/> behind the app's typed client):
/// pages its <see cref="Devices"/> by <c>limit</c> and <c>offset</c>, records every request with the fake
/// clock's time, and answers whatever <see cref="Script"/> says first (a 429, a 500, a slow answer).
/// </summary>
public sealed class FakeDeviceApi(FakeTimeProvider time) : HttpMessageHandler
{
    public FakeTimeProvider Time => time;

    public const string ApiKey = "test-wazzapi-api-key";

    public sealed record Request(Uri Uri, string? Authorization, DateTimeOffset At)
    {
        public int Offset => int.Parse(System.Web.HttpUtility.ParseQueryString(Uri.Query)["offset"] ?? "0");
        public int Limit => int.Parse(System.Web.HttpUtility.ParseQueryString(Uri.Query)["limit"] ?? "0");
    }

    private readonly ConcurrentQueue<Request> _requests = new();

    /// <summary>The device list, in order; change it between polls.</summary>
    public List<object> Devices { get; } = [];

    /// <summary>Answers used up one per request before the normal page is served; null means serve the page.</summary>
    public ConcurrentQueue<Func<CancellationToken, Task<HttpResponseMessage>>?> Script { get; } = new();

    public IReadOnlyList<Request> Requests => _requests.ToArray();

    /// <summary>A device as the API lists it.</summary>
    public static object Device(string id, string? phone, string? status, string? name = null) => new
    {
        id,
        name = name ?? $"Device {id}",
        phone_number = phone,
        status,
        last_connected_at = "2026-05-15T08:00:00Z",
        last_health_check_at = "2026-05-15T11:55:00Z",
    };

    public static HttpResponseMessage Status(HttpStatusCode code, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(code) { Content = new StringContent("""{"error":"nope"}""", Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }

    /// <summary>An answer that comes only once the fake clock has moved <paramref name="after"/> (or the caller gives up).</summary>
    public Func<CancellationToken, Task<HttpResponseMessage>> Slow(TimeSpan after) => async cancellationToken =>
    {
        await Task.Delay(after, time, cancellationToken);
        return Page(0, 100);
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var recorded = new Request(request.RequestUri!, request.Headers.Authorization?.ToString(), time.GetUtcNow());
        _requests.Enqueue(recorded);
        if (Script.TryDequeue(out var scripted) && scripted is not null) return await scripted(cancellationToken);
        return Page(recorded.Offset, recorded.Limit);
    }

    /// <summary>The client factory disposes handlers it retires; this one lives as long as its test.</summary>
    protected override void Dispose(bool disposing)
    {
    }

    private HttpResponseMessage Page(int offset, int limit)
    {
        List<object> page;
        int total;
        lock (Devices)
        {
            page = Devices.Skip(offset).Take(limit).ToList();
            total = Devices.Count;
        }
        var body = JsonSerializer.Serialize(new { devices = page, total, limit, offset });
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        response.Headers.Add("X-RateLimit-Limit", "300");
        response.Headers.Add("X-RateLimit-Remaining", "299");
        return response;
    }
}
