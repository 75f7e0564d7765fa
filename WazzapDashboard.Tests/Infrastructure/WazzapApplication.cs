using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WazzapDashboard.Storage;
using WazzapDashboard.Webhooks;

namespace WazzapDashboard.Tests.Infrastructure;

/// <summary>
/// The whole app in process, with its own database (<see cref="TestStore"/>), a fake clock and known webhook secrets.
/// Pass <c>realServer: true</c> for a real Kestrel on 127.0.0.1 (SignalR clients, the browser).
/// </summary>
public sealed class WazzapApplication : WebApplicationFactory<Program>
{
    public const string Secret = "test-secret";
    public const string PreviousSecret = "previous-secret";
    public const string WazzapToken = "test-wazzap-token";
    public const string ApiKey = "test-api-key-with-full-access";
    public const string AdminUser = "admin";
    public const string AdminPassword = "test-admin-password";

    private readonly bool _ownsDatabase;
    private readonly bool _realServer;
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="services">Replaces app services before start, such as a change feed subscribed before the start-up risk pass.</param>
    /// <param name="databaseId">A database from <see cref="TestStore.NewDatabase"/> the test owns (to restart on it), or null for a fresh one this app owns.</param>
    public WazzapApplication(string? databaseId = null, bool realServer = false, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null, FakeTimeProvider? time = null, int port = 0)
    {
        _services = services;
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 5, 15, 12, 0, 0, TimeSpan.Zero));
        _ownsDatabase = databaseId is null;
        DatabaseId = databaseId ?? TestStore.NewDatabase();
        _realServer = realServer;
        _settings = new Dictionary<string, string?>(TestStore.Settings(DatabaseId))
        {
            ["Wazzapi:WebhookSecrets:0"] = Secret,
            ["Wazzapi:WebhookSecrets:1"] = PreviousSecret,
            ["Wazzap:WebhookToken"] = WazzapToken,
            ["Dashboard:ApiKeys:0"] = ApiKey,
            ["Dashboard:AdminUser"] = AdminUser,
            ["Dashboard:AdminPassword"] = AdminPassword,
            // The clock is fake and stands still unless a test moves it: live changes go out at once.
            ["Live:Throttle"] = "00:00:00",
            // Its own keys, removed with the database (the default, keys beside the database, would share the temp folder's).
            ["DataProtection:KeysFolder"] = KeysFolderOf(DatabaseId),
            // Never into the source tree, whatever a test's clock does to the backup interval.
            ["Backup:Folder"] = BackupFolder,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
        if (realServer)
        {
            UseKestrel(options => options.Listen(IPAddress.Loopback, port));
            StartServer();
        }
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>An app whose writer keeps the WAL under <paramref name="walLimit"/> bytes.</summary>
    public static WazzapApplication WithWalLimit(long walLimit, IDictionary<string, string?>? settings = null) =>
        new(settings: settings, services: s => s.AddSingleton(services =>
        {
            var database = new Database(services.GetRequiredService<IConfiguration>().GetConnectionString("Fleet")!) { WalLimit = walLimit };
            database.Migrate();
            return database;
        }));

    public string DatabaseId { get; }

    /// <summary>A connection to this app's database, for a test to look at or arrange what is stored.</summary>
    public DbConnection OpenDatabase() => TestStore.Open(DatabaseId);

    public string BackupFolder { get; } = Path.Combine(Path.GetTempPath(), $"wazzap-test-backups-{Guid.NewGuid():N}");

    public FakeTimeProvider Time { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            _services?.Invoke(services);
        });
    }

    /// <summary>Clients from <c>CreateClient()</c> carry the full-access API key; see <see cref="CreateAnonymousClient"/>.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
    }

    public HttpClient CreateAnonymousClient(bool followRedirects = false)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects, BaseAddress = ClientOptions.BaseAddress });
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        return client;
    }

    public Task<HttpResponseMessage> PostWazzapi(string body, string? eventId = null, string secret = Secret) =>
        CreateClient().SendAsync(WazzapiRequest(body, eventId, secret));

    public static HttpRequestMessage WazzapiRequest(string body, string? eventId = null, string secret = Secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/wazzapi")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(Encoding.UTF8.GetBytes(body), secret));
        request.Headers.Add("X-Wazzapi-Event-ID", eventId ?? Guid.NewGuid().ToString());
        return request;
    }

    public Task<HttpResponseMessage> PostWazzap(string body, string token = WazzapToken) =>
        CreateClient().PostAsync($"/webhooks/wazzap/{token}", new StringContent(body, Encoding.UTF8, "application/json"));

    /// <summary>
    /// Waits for the risk monitor's start-up pass, which queues on the writer: tests that fill the queue
    /// or advance the clock need it out of the way first.
    /// </summary>
    /// <param name="upTo">Wait for a pass that ran at this (fake) time or later, such as after <c>Time.Advance</c>.</param>
    public async Task RiskPassDone(DateTimeOffset? upTo = null)
    {
        _ = Services; // starts the app
        await Poll.Until(() => RiskCheckpoint() is { } done && done >= (upTo ?? DateTimeOffset.MinValue), "the risk pass");
    }

    private DateTimeOffset? RiskCheckpoint()
    {
        using var connection = OpenDatabase();
        return connection.ExecuteScalar<long?>("SELECT evaluated_at FROM risk_checkpoint WHERE id = 1") is { } ms
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public long Count(string table)
    {
        using var connection = OpenDatabase();
        return connection.ExecuteScalar<long>($"SELECT count(*) FROM {table}");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase) DeleteDatabase(DatabaseId);
        if (Directory.Exists(BackupFolder)) Directory.Delete(BackupFolder, recursive: true);
    }

    /// <summary>A SQLite id is a temporary file's path, a PostgreSQL one a name: either way the keys go beside it in the temp folder.</summary>
    public static string KeysFolderOf(string databaseId) => Path.Combine(Path.GetTempPath(), databaseId + "-keys");

    public static void DeleteDatabase(string databaseId)
    {
        TestStore.Delete(databaseId);
        if (Directory.Exists(KeysFolderOf(databaseId))) Directory.Delete(KeysFolderOf(databaseId), recursive: true);
    }
}
