using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using WazzapDashboard.Fleet;
using WazzapDashboard.Webhooks;

namespace WazzapDashboard.Demo;

/// <summary>
/// Drives the demo fleet through realistic life by posting signed Wazzapi deliveries to this app's
/// own endpoint: a month of backdated history on first run, then message traffic, drops for each
/// cause, reconnections and the odd ban, every couple of seconds.
/// </summary>
public sealed partial class DemoSimulator(
    IServer server, IHostApplicationLifetime lifetime, IConfiguration configuration,
    FleetQueries queries, FleetActions actions, TimeProvider time, ILogger<DemoSimulator> logger) : BackgroundService
{
    private readonly Random _random = new();
    private readonly IReadOnlyList<DemoFleet.Number> _numbers = DemoFleet.Numbers();
    private HttpClient? _http;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await lifetime.WhenStarted(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        using var http = new HttpClient { BaseAddress = OwnAddress() };
        _http = http;

        if (queries.All().Count == 0)
        {
            await SeedHistory(stoppingToken);
            foreach (var n in _numbers)
            {
                await actions.Edit(n.Phone, n.Roster);
            }
        }
        LogRunning(_numbers.Count, http.BaseAddress!);

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await Step(stoppingToken);
        }
    }

    /// <summary>A month of history: pairing, past outages, recent traffic, and today's state.</summary>
    private async Task SeedHistory(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        for (var i = 0; i < _numbers.Count; i++)
        {
            var n = _numbers[i];
            if (i is 58 or 59)
            {
                // Never reported a status: only traffic so far.
                await Post(DemoFleet.Delivery(n, "message.received", now.AddHours(-_random.Next(1, 48))), ct);
                continue;
            }

            await Post(DemoFleet.Delivery(n, "device.connected", now.AddDays(-30 - _random.NextDouble() * 20), "Connected"), ct);
            if (_random.Next(3) == 0)
            {
                var down = now.AddDays(-25 + _random.NextDouble() * 15);
                await Post(DemoFleet.Delivery(n, "device.disconnected", down, Pick(DemoFleet.Drops)), ct);
                await Post(DemoFleet.Delivery(n, "device.connected", down.AddHours(1 + _random.NextDouble() * 30), "Connected"), ct);
            }

            // Today's state: drifting towards the 14-day line, a drop for each cause, two bans.
            var phoneSeen = i switch
            {
                < 38 => now.AddDays(-_random.NextDouble() * 6.5),
                < 46 => now.AddDays(-7 - _random.NextDouble() * 6.8),
                46 => now.AddDays(-15.2),
                _ => now.AddDays(-2 - _random.NextDouble() * 4),
            };
            await Post(DemoFleet.Delivery(n, "device.connected", phoneSeen, "Connected"), ct);
            for (var m = 0; m < 3; m++)
            {
                await Post(DemoFleet.Delivery(n, Pick(DemoFleet.Messages), now.AddMinutes(-_random.Next(5, 600))), ct);
            }

            if (i is >= 47 and < 53)
            {
                var cause = DemoFleet.Drops[i - 47];
                await Post(DemoFleet.Delivery(n, "device.disconnected", now.AddMinutes(-_random.Next(10, 60 * 30)), Pick(cause)), ct);
            }
            else if (i is 54 or 55)
            {
                await Post(DemoFleet.Delivery(n, "device.disconnected", now.AddHours(-_random.Next(2, 70)), Pick(ReasonCategory.Banned)), ct);
            }
            else if (i == 56)
            {
                await Post(DemoFleet.Delivery(n, "message.failed", now.AddMinutes(-42), failureReason: "Account has been banned"), ct);
            }
        }
    }

    private async Task Step(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var n = _numbers[_random.Next(_numbers.Count)];
        var status = queries.Find(n.Phone) is { RemovedAt: null } view ? view.Status : NumberStatus.Unknown;
        var roll = _random.Next(100);

        var body = (status, roll) switch
        {
            (NumberStatus.Connected, < 6) => DemoFleet.Delivery(n, "device.disconnected", now, Pick(DemoFleet.Drops)),
            (NumberStatus.Connected, < 7) => DemoFleet.Delivery(n, "device.disconnected", now, Pick(ReasonCategory.Banned)),
            (NumberStatus.Disconnected, < 30) => DemoFleet.Delivery(n, "device.connected", now, "Connected"),
            (NumberStatus.Banned, < 5) => DemoFleet.Delivery(n, "device.connected", now, "Connected after ban review"),
            (NumberStatus.Connected or NumberStatus.Unknown, _) =>
                DemoFleet.Delivery(n, Pick(DemoFleet.Messages), now),
            _ => null,
        };
        if (body is not null) await Post(body, ct);
    }

    private string Pick(ReasonCategory[] causes) => Pick(causes[_random.Next(causes.Length)]);
    private string Pick(ReasonCategory cause) => Pick(DemoFleet.Reasons[cause]);
    private string Pick(string[] options) => options[_random.Next(options.Length)];

    private async Task Post(string body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/wazzapi")
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(Encoding.UTF8.GetBytes(body), configuration["Demo:Secret"]!));
        request.Headers.Add("X-Wazzapi-Event-ID", Guid.NewGuid().ToString());
        try
        {
            using var response = await _http!.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode) LogRefused((int)response.StatusCode);
        }
        catch (HttpRequestException ex)
        {
            LogPostFailed(ex);
        }
    }

    /// <summary>The app's own first HTTP address, with a wildcard host made concrete.</summary>
    private Uri OwnAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses
            .OrderBy(a => a.StartsWith("https", StringComparison.Ordinal)).First();
        var uri = new UriBuilder(address.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost"));
        return uri.Uri;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo fleet of {Count} numbers is live, posting to {Address}.")]
    private partial void LogRunning(int count, Uri address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo delivery answered {Status}.")]
    private partial void LogRefused(int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo delivery failed.")]
    private partial void LogPostFailed(Exception ex);
}
