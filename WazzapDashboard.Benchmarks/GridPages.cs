using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace WazzapDashboard.Benchmarks;

/// <summary>
/// What an open fleet grid costs the server with a big fleet: opens the grid (<c>/</c>) in headless
/// chromium N times, each its own live circuit, and measures the server's managed heap after a forced
/// collection (<see cref="StartupHook"/>) before and after, and each page's first paint.
/// </summary>
internal static class GridPages
{
    public static async Task Run(AppProcess app, int pages, CancellationToken cancellationToken)
    {
        if (app.ProbePort is not { } probe || app.AdminPassword is not { } password)
        {
            Console.WriteLine("Grid pages: skipped (only measured on an app started here, which has the memory probe and a sign-in)");
            return;
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        context.SetDefaultTimeout(120_000); // a busy machine; the figures say how long it really took
        var login = await context.NewPageAsync();
        await login.GotoAsync(new Uri(app.Url, "/login").ToString());
        await login.GetByLabel("Username").FillAsync(AppProcess.AdminUser);
        await login.GetByLabel("Password").FillAsync(password);
        await login.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await login.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await login.CloseAsync();

        var before = await Memory(probe, cancellationToken);
        // The first grid also pays for what every grid shares (the fleet snapshot, JIT, caches): kept apart.
        var first = await Open(context, app.Url);
        var shared = await Memory(probe, cancellationToken);
        var paints = new List<double>();
        var firstPaints = new List<double>();
        for (var i = 0; i < pages; i++)
        {
            var (_, ready, paint) = await Open(context, app.Url);
            paints.Add(ready);
            firstPaints.Add(paint);
        }
        var after = await Memory(probe, cancellationToken);

        double Mib(long bytes) => bytes / 1024.0 / 1024.0;
        Console.WriteLine($"Grid pages: / opened in chromium at 1920x1080, each a live circuit, {pages} kept open after a first one");
        Console.WriteLine($"  server managed heap after a forced GC: {Mib(before.Managed):F1} MiB before any grid, {Mib(shared.Managed):F1} MiB with one " +
                          $"(+{Mib(shared.Managed - before.Managed):F1} MiB, the shared snapshot included), {Mib(after.Managed):F1} MiB with {pages + 1}");
        Console.WriteLine($"  per open grid: {Mib((after.Managed - shared.Managed) / pages):F2} MiB managed; " +
                          $"working set {Mib((after.WorkingSet - shared.WorkingSet) / pages):F2} MiB (the GC keeps freed memory, so this is rougher)");
        Console.WriteLine($"  first contentful paint ms: {Summary(firstPaints)}  (first page: {first.Paint:F0})");
        Console.WriteLine($"  navigation to the first row on screen ms: {Summary(paints)}  (first page: {first.Ready:F0})");
    }

    /// <summary>Opens the grid; returns when its first row is on screen and the circuit is live.</summary>
    private static async Task<(IPage Page, double Ready, double Paint)> Open(IBrowserContext context, Uri url)
    {
        var page = await context.NewPageAsync();
        var started = Stopwatch.GetTimestamp();
        await page.GotoAsync(url.ToString(), new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator(".fleet-grid tr.mud-table-row").First.WaitForAsync();
        var ready = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        await page.Locator("[data-interactive=true]").First.WaitForAsync();
        var paint = await page.EvaluateAsync<double>("() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1");
        return (page, ready, paint);
    }

    private static async Task<(long Managed, long WorkingSet)> Memory(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        using var reader = new StreamReader(client.GetStream());
        var parts = (await reader.ReadLineAsync(cancellationToken))!.Split(' ');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static string Summary(List<double> ms)
    {
        if (ms.Count == 0) return "none";
        var sorted = ms.Order().ToList();
        return $"p50 {Stats.NearestRank(sorted, 50):F0}  max {sorted[^1]:F0}";
    }
}
