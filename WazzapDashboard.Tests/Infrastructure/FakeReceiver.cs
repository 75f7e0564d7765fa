using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WazzapDashboard.Tests.Infrastructure;

/// <summary>A webhook receiver on 127.0.0.1 (a tiny Kestrel app) that records what it is sent and answers as told.</summary>
public sealed class FakeReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();

    private FakeReceiver(WebApplication app) => _app = app;

    public record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, byte[] BodyBytes)
    {
        public string Body => System.Text.Encoding.UTF8.GetString(BodyBytes);
        public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(BodyBytes).RootElement;
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>The status code to answer; 200 unless changed (e.g. 500 while "down").</summary>
    public HttpStatusCode Answer { get; set; } = HttpStatusCode.OK;

    public IReadOnlyList<ReceivedRequest> Requests => _requests.ToArray();

    private readonly List<ReceivedRequest> _accepted = [];

    /// <summary>Requests answered with success only.</summary>
    public IReadOnlyList<ReceivedRequest> Accepted { get { lock (_accepted) return [.. _accepted]; } }

    public string Url(string path = "/hook") => $"{_app.Urls.First()}{path}";

    public static async Task<FakeReceiver> Start(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var receiver = new FakeReceiver(app);
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var request = new ReceivedRequest(context.Request.Path,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                buffer.ToArray());
            receiver._requests.Enqueue(request);
            var answer = receiver.Answer;
            if ((int)answer < 300) lock (receiver._accepted) receiver._accepted.Add(request);
            context.Response.StatusCode = (int)answer;
            await context.Response.WriteAsync(answer == HttpStatusCode.OK ? "ok" : "receiver is down");
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
