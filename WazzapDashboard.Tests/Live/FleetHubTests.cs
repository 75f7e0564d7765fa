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
        hub.On<JsonElement>("NumbersChanged", n => changed.TrySetResult(n));
        hub.On<JsonElement>("FleetSummary", s => { lock (summaries) summaries.Add(s); });
        await hub.StartAsync();

        await app.PostWazzapi(Fixtures.WazzapiDisconnected);

        var batch = await changed.Task.WaitAsync(Poll.Deadline);
        var pushed = Assert.Single(batch.EnumerateArray());
        var api = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/numbers/6281234567890");
        Assert.Equal(api.ToString(), pushed.ToString());
        Assert.Equal("phone_offline", pushed.GetProperty("reasonCategory").GetString());

        await Poll.Until(() => { lock (summaries) return summaries.Any(s => s.GetProperty("disconnected").GetInt32() == 1); }, "the summary");
        lock (summaries) Assert.Equal(0, summaries[0].GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ABurstIsOneMessageAndANewClientGetsTheSummaryOfTheFleetAsItStands()
    {
        await using var app = new WazzapApplication(realServer: true, settings: new Dictionary<string, string?> { ["Live:Throttle"] = "00:00:01" });
        var phones = Enumerable.Range(1, 20).Select(n => $"62811000000{n:D2}").ToList();
        await using var first = Connect(app);
        var batches = new List<JsonElement>();
        first.On<JsonElement>("NumbersChanged", n => { lock (batches) batches.Add(n); });
        await first.StartAsync();

        foreach (var phone in phones)
        {
            await app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", phone: phone, reason: "logged out", accountId: null));
        }
        app.Time.Advance(TimeSpan.FromSeconds(1));

        await Poll.Until(() => { lock (batches) return batches.Count == 1; }, "the burst");
        lock (batches) Assert.Equal(phones.Count, batches[0].GetArrayLength());

        await using var second = Connect(app);
        var summary = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        second.On<JsonElement>("FleetSummary", s => summary.TrySetResult(s));
        await second.StartAsync();
        Assert.Equal(phones.Count, (await summary.Task.WaitAsync(Poll.Deadline)).GetProperty("disconnected").GetInt32());
        lock (batches) Assert.Single(batches);
    }

    private static HubConnection Connect(WazzapApplication app) => new HubConnectionBuilder()
        .WithUrl(new Uri(app.ClientOptions.BaseAddress, "/hubs/fleet"), o => o.Headers.Add("X-Api-Key", WazzapApplication.ApiKey))
        .Build();

    [Fact]
    public async Task HubRefusesAConnectionWithoutCredentials()
    {
        await using var app = new WazzapApplication(realServer: true);
        await using var hub = new HubConnectionBuilder().WithUrl(new Uri(app.ClientOptions.BaseAddress, "/hubs/fleet")).Build();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
