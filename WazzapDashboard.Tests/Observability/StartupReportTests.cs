using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Observability;

public class StartupReportTests
{
    [Fact]
    public async Task StartUpSaysWhereItListensAndWhatIsMissingButNeverASecret()
    {
        var capture = new LogCapture();
        await using var app = new WazzapApplication(realServer: true, services: s => s.AddSingleton<ILoggerProvider>(capture),
            settings: new Dictionary<string, string?> { ["Wazzap:WebhookToken"] = "" });

        var report = await Report(capture);

        Assert.Contains($"Listening on:     {app.ClientOptions.BaseAddress.ToString().TrimEnd('/')}", report);
        Assert.Contains($"Database:         {app.DatabaseId}", report);
        Assert.Contains($"Keys folder:      {WazzapApplication.KeysFolderOf(app.DatabaseId)}", report);
        Assert.Contains("Wazzapi webhook:  POST /webhooks/wazzapi (2 secret(s))", report);
        Assert.Contains("Wazzap webhook:   none", report);
        Assert.Contains("Trusted proxies:  127.0.0.0/8, ::1/128", report);
        var lines = capture.Lines;
        Assert.Contains(lines, l => l.StartsWith("Warning") && l.Contains("Wazzap:WebhookToken is empty"));
        Assert.Contains(lines, l => l.StartsWith("Warning") && l.Contains("Alerts:DashboardUrl is not set"));
        Assert.DoesNotContain(lines, l => l.Contains("Wazzapi:WebhookSecrets is empty"));
        Assert.DoesNotContain(lines, l => l.Contains(WazzapApplication.Secret) || l.Contains(WazzapApplication.PreviousSecret)
            || l.Contains(WazzapApplication.ApiKey) || l.Contains(WazzapApplication.AdminPassword));
    }

    [Fact]
    public async Task DemoModeNamesItsLogin()
    {
        var capture = new LogCapture();
        await using var app = new WazzapApplication(realServer: true, services: s => s
            .AddSingleton<ILoggerProvider>(capture)
            .AddSingleton(new WazzapDashboard.Access.DemoLogin("demo-password-123")));

        await Report(capture);

        Assert.Contains(capture.Lines, l => l.Contains("Demo mode") && l.Contains("'demo'") && l.Contains("demo-password-123"));
    }

    private static async Task<string> Report(LogCapture capture)
    {
        await Poll.Until(() => Assert.Contains(capture.Lines, l => l.Contains("WazzapDashboard is running.")));
        await Poll.Until(() => Assert.Contains(capture.Lines, l => l.Contains("Alerts:DashboardUrl")));
        return capture.Lines.First(l => l.Contains("WazzapDashboard is running."));
    }
}
