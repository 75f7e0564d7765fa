using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using WazzapDashboard.Scaling;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Hosting;

/// <summary>Running on a server: behind a TLS-terminating proxy, with keys that outlive a restart.</summary>
public static class HostingExtensions
{
    public static void AddHosting(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProxyOptions>().BindConfiguration("Proxy").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((o, proxy) =>
        {
            // Host comes through as the Host header; only the client and the scheme need forwarding.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            var (proxies, networks) = proxy.Value.Trusted();
            foreach (var address in proxies) o.KnownProxies.Add(address);
            foreach (var network in networks) o.KnownIPNetworks.Add(network);
        });
        // The sign-in cookie is Secure over HTTPS already (SameAsRequest); antiforgery's is not by default.
        builder.Services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

        builder.Services.AddOptions<KeysOptions>().BindConfiguration("DataProtection").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddDataProtection().SetApplicationName("WazzapDashboard");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((o, services) => o.XmlRepository = KeyRepository(services));
    }

    /// <summary>
    /// With Redis, one key ring in it for every instance, so a cookie one signs the others accept;
    /// otherwise the keys folder.
    /// </summary>
    private static IXmlRepository KeyRepository(IServiceProvider services)
    {
        if (services.GetRequiredService<IOptions<RedisOptions>>().Value.Enabled)
        {
            var redis = services.GetRequiredService<RedisConnection>();
            return new RedisXmlRepository(() => redis.Multiplexer.GetDatabase(), redis.Name("data-protection-keys"));
        }
        return new FileSystemXmlRepository(new DirectoryInfo(KeysFolder(services)), services.GetRequiredService<ILoggerFactory>());
    }

    /// <summary>Forwarded headers first, so everything after sees the real client and scheme; HSTS outside Development.</summary>
    public static void UseHosting(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
    }

    /// <summary><c>DataProtection:KeysFolder</c>, or <c>keys</c> beside the SQLite database file (in the content root otherwise).</summary>
    public static string KeysFolder(IServiceProvider services)
    {
        var contentRoot = services.GetRequiredService<IHostEnvironment>().ContentRootPath;
        if (services.GetRequiredService<IOptions<KeysOptions>>().Value.KeysFolder is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured, contentRoot);
        }
        var database = services.GetRequiredService<Database>().FilePath;
        var folder = database is null ? contentRoot : Path.GetDirectoryName(database)!;
        return Path.Combine(folder, "keys");
    }
}
