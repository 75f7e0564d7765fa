using System.Diagnostics;
using System.Net;
using System.Text;

namespace WazzapDashboard.Tests.Infrastructure;

/// <summary>
/// The app as its own process, <c>dotnet WazzapDashboard.dll</c> in Production on a loopback address, as
/// it runs when deployed: none of the test host's <c>ASPNETCORE_</c>, <c>DOTNET_</c> or MSBuild variables,
/// the settings as environment variables, its output kept for a failing test's message. Started once it
/// answers 200 on a health path.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <param name="dll">The app's WazzapDashboard.dll (the build output, or a publish folder's).</param>
    /// <param name="folder">The folder it starts in.</param>
    /// <param name="url">Where it listens.</param>
    /// <param name="settings">Environment variables: <c>Section__Key</c> settings.</param>
    /// <param name="healthPath">What must answer 200 before it counts as started.</param>
    public static async Task<AppProcess> Start(string dll, string folder, Uri url, IReadOnlyDictionary<string, string> settings, string healthPath = "/healthz")
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
            || k.StartsWith("DOTNET_", StringComparison.Ordinal) || k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(inherited);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');
        foreach (var (key, value) in settings) start.Environment[key] = value;

        var app = new AppProcess(Process.Start(start)!, url);
        app._process.OutputDataReceived += (_, e) => { lock (app._output) app._output.AppendLine(e.Data); };
        app._process.ErrorDataReceived += (_, e) => { lock (app._output) app._output.AppendLine(e.Data); };
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
            await WaitUntilAnswering(client, healthPath, () => app._process.HasExited ? $"{dll} exited with {app._process.ExitCode}" : null, () => app.Output);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Asks <paramref name="path"/> until it answers 200, for up to a minute. <paramref name="gone"/> says why
    /// waiting longer is pointless (the process ended), else null; <paramref name="logs"/> go into any failure.
    /// </summary>
    public static async Task WaitUntilAnswering(HttpClient client, string path, Func<string?> gone, Func<string> logs)
    {
        try
        {
            await Poll.Until(() =>
            {
                if (gone() is { } why) throw new InvalidOperationException($"{why}:\n{logs()}");
                try
                {
                    return client.GetAsync(path).GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false; // not listening yet
                }
                catch (TaskCanceledException)
                {
                    return false; // listening, not answering yet
                }
            }, $"{client.BaseAddress}{path.TrimStart('/')} to answer 200", within: 2 * Poll.Deadline);
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}\n{logs()}", timeout);
        }
    }

    /// <summary>kill -9: no shutdown, nothing handed back.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
