using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Live;

public class FleetHubTests
{
    [Fact]
    public async Task ClientReceivesNumberChangedAfterASignedWebhook()
    {
        await using var app = new WazzapApplication(realServer: true);
        var baseAddress = app.ClientOptions.BaseAddress;
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/fleet"), o => o.Headers.Add("X-Api-Key", WazzapApplication.ApiKey))
            .Build();
        var changed = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var summaries = new List<JsonElement>();
        hub.On<JsonElement>("NumberChanged", n => changed.TrySetResult(n));
        hub.On<JsonElement>("FleetSummary", s => { lock (summaries) summaries.Add(s); });
        await hub.StartAsync();

        await app.PostWazzapi(Fixtures.WazzapiDisconnected);

        var pushed = await changed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var api = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/numbers/6281234567890");
        Assert.Equal(api.ToString(), pushed.ToString());
        Assert.Equal("phone_offline", pushed.GetProperty("reasonCategory").GetString());

        await WaitUntil(() => { lock (summaries) return summaries.Any(s => s.GetProperty("disconnected").GetInt32() == 1); });
        lock (summaries) Assert.Equal(0, summaries[0].GetProperty("total").GetInt32());
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the hub.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task HubRefusesAConnectionWithoutCredentials()
    {
        await using var app = new WazzapApplication(realServer: true);
        await using var hub = new HubConnectionBuilder().WithUrl(new Uri(app.ClientOptions.BaseAddress, "/hubs/fleet")).Build();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
