using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using WazzapDashboard.Tests.Infrastructure;
using WazzapDashboard.Webhooks;

namespace WazzapDashboard.Tests.Deployment;

/// <summary>
/// The app as it is deployed: <c>dotnet publish</c> output started with <c>dotnet WazzapDashboard.dll</c> in
/// Production, behind nginx running deploy/nginx/wazzapdashboard.conf with TLS on a self-signed certificate.
/// All on loopback and free ports, in a temp folder. nginx is this fixture's own child process (no daemon,
/// no master process), never the machine's service. Without nginx installed the tests fail: nothing here skips.
/// </summary>
public sealed class PublishedBehindNginx : IAsyncLifetime
{
    public const string ApiKey = "deployment-test-api-key";
    public const string Secret = "deployment-test-webhook-secret";
    public const int LoginPerMinute = 3;

    /// <summary>The only proxy the app trusts: nginx connects to it from 127.0.0.1.</summary>
    public const string Proxy = "127.0.0.1";

    private readonly string _folder = Directory.CreateTempSubdirectory("wazzap-deployment-test-").FullName;
    private AppProcess? _app;
    private Process? _nginx;

    public int AppPort { get; } = WazzapApplication.FreePort();
    public int HttpsPort { get; } = WazzapApplication.FreePort();
    private int HttpPort { get; } = WazzapApplication.FreePort();

    /// <summary>Through nginx, over TLS.</summary>
    public Uri Https => new($"https://127.0.0.1:{HttpsPort}/");

    /// <summary>Straight to the app, around nginx.</summary>
    public Uri Direct => new($"http://127.0.0.1:{AppPort}/");

    public async Task InitializeAsync()
    {
        try
        {
            await Start();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task Start()
    {
        var nginx = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed (apt-get install -y nginx): the deployment test runs the published app behind it.");
        var repository = RepositoryRoot();

        var published = Path.Combine(_folder, "out");
        await Run("dotnet", ["publish", Path.Combine(repository, "WazzapDashboard", "WazzapDashboard.csproj"), "-c", "Release", "-o", published,
            "--nologo", "--disable-build-servers", "-nodeReuse:false"], repository, TimeSpan.FromMinutes(10));
        var certificate = Path.Combine(_folder, "tls.crt");
        var key = Path.Combine(_folder, "tls.key");
        await Run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key, "-out", certificate], _folder, TimeSpan.FromMinutes(1));

        // Started from another folder, as `dotnet out/WazzapDashboard.dll` would be.
        Directory.CreateDirectory(Path.Combine(_folder, "state"));
        _app = await AppProcess.Start(Path.Combine(published, "WazzapDashboard.dll"), _folder, Direct, new Dictionary<string, string>
        {
            ["ConnectionStrings__Fleet"] = $"Data Source={Path.Combine(_folder, "state", "wazzap.db")}",
            ["Wazzapi__WebhookSecrets__0"] = Secret,
            ["Dashboard__ApiKeys__0"] = ApiKey,
            ["Dashboard__AdminUser"] = WazzapApplication.AdminUser,
            ["Dashboard__AdminPassword"] = WazzapApplication.AdminPassword,
            ["RateLimits__LoginPerMinute"] = LoginPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Proxy__KnownProxies__0"] = Proxy,
        }, healthPath: "/healthz/ready");
        StartNginx(nginx, repository, certificate, key);
        using var client = Client(Https);
        await AppProcess.WaitUntilAnswering(client, "/healthz/ready", () => _nginx!.HasExited ? $"nginx exited with {_nginx.ExitCode}" : null, Logs);
    }

    /// <summary>A client that trusts the self-signed certificate, follows no redirect and, when given, connects from <paramref name="from"/>.</summary>
    public static HttpClient Client(Uri baseAddress, string? from = null)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        if (from is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public static HttpRequestMessage SignedDelivery(string body) =>
        WazzapApplication.WazzapiRequest(body, secret: Secret);

    /// <summary>What the app and nginx said, for a failing assertion's message.</summary>
    public string Logs() => $"app:\n{_app?.Output}\nnginx:\n{NginxErrors()}";

    /// <summary>deploy/nginx/wazzapdashboard.conf as shipped, moved onto loopback ports and the test's certificate.</summary>
    private void StartNginx(string nginx, string repository, string certificate, string key)
    {
        var prefix = Path.Combine(_folder, "nginx");
        Directory.CreateDirectory(prefix);
        var site = File.ReadAllText(Path.Combine(repository, "deploy", "nginx", "wazzapdashboard.conf"));
        site = Replace(site, "listen 80;", $"listen 127.0.0.1:{HttpPort};");
        site = Replace(site, "listen 443 ssl http2;", $"listen 127.0.0.1:{HttpsPort} ssl http2;");
        site = Replace(site, "/etc/letsencrypt/live/fleet.example.com/fullchain.pem", certificate);
        site = Replace(site, "/etc/letsencrypt/live/fleet.example.com/privkey.pem", key);
        site = Replace(site, "server 127.0.0.1:5019;", $"server 127.0.0.1:{AppPort};");
        // No IPv6 needed on loopback (and a machine may have none).
        site = string.Join('\n', site.Split('\n').Where(line => !line.Contains("listen [::]", StringComparison.Ordinal)));
        File.WriteAllText(Path.Combine(prefix, "site.conf"), site);
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), $$"""
            daemon off;
            master_process off;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log info;
            events { worker_connections 256; }
            http {
                access_log {{prefix}}/access.log;
                client_body_temp_path {{prefix}}/body;
                proxy_temp_path {{prefix}}/proxy;
                fastcgi_temp_path {{prefix}}/fastcgi;
                uwsgi_temp_path {{prefix}}/uwsgi;
                scgi_temp_path {{prefix}}/scgi;
                include {{prefix}}/site.conf;
            }
            """);

        var start = new ProcessStartInfo(nginx) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-e", Path.Combine(prefix, "error.log"), "-p", prefix + "/", "-c", Path.Combine(prefix, "nginx.conf") })
        {
            start.ArgumentList.Add(argument);
        }
        _nginx = Process.Start(start)!;
        _nginx.OutputDataReceived += (_, _) => { };
        _nginx.ErrorDataReceived += (_, _) => { };
        _nginx.BeginOutputReadLine();
        _nginx.BeginErrorReadLine();

        static string Replace(string text, string from, string to) =>
            text.Contains(from, StringComparison.Ordinal) ? text.Replace(from, to, StringComparison.Ordinal)
                : throw new InvalidOperationException($"deploy/nginx/wazzapdashboard.conf no longer contains '{from}'; update the deployment test.");
    }

    private string NginxErrors()
    {
        var log = Path.Combine(_folder, "nginx", "error.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    private static async Task Run(string file, string[] arguments, string folder, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The test host's own MSBuild variables would steer a nested build.
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(inherited);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} took longer than {timeout}.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await output}\n{await errors}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "WazzapDashboard.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException("The repository (WazzapDashboard.sln) is not above the test binaries.");
    }

    public async Task DisposeAsync()
    {
        if (_nginx is not null)
        {
            if (!_nginx.HasExited) _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
            _nginx.Dispose();
        }
        if (_app is not null) await _app.DisposeAsync();
        (_nginx, _app) = (null, null);
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
