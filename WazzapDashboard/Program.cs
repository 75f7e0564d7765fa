using MudBlazor.Services;
using WazzapDashboard.Access;
using WazzapDashboard.Alerts;
using WazzapDashboard.Components;
using WazzapDashboard.Demo;
using WazzapDashboard.Fleet;
using WazzapDashboard.History;
using WazzapDashboard.Live;
using WazzapDashboard.Localization;
using WazzapDashboard.Storage;
using WazzapDashboard.Webhooks;

// `--demo` is a bare switch; the command-line configuration source only reads key/value pairs.
var demo = args.Contains("--demo");
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--demo").ToArray());

// Serve _framework and MudBlazor assets from a build output run outside Development too.
builder.WebHost.UseStaticWebAssets();

// Features: storage first, everything else reads or writes through it.
builder.AddStorage();
builder.AddAccess();
builder.AddFleet();
builder.AddWebhooks();
builder.AddLive();
builder.AddAlerts();
builder.AddHistory();
builder.AddDemo(demo);

// Pages and API plumbing.
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.AddLocalization();
builder.Services.AddProblemDetails();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSecurityHeaders();
app.UseAuthentication();
app.UseWallLinks();
app.UseViewerChoices();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

// Open to all: assets, the health probe, sign-in, and webhooks (they check their own signatures).
app.MapStaticAssets().AllowAnonymous();
app.MapHealthChecks("/healthz").AllowAnonymous();
app.MapAccount();
app.MapControllers();

// Everything else needs a user or a key; each page and endpoint names its policy.
app.MapFleetApi();
app.MapHistoryApi();
app.MapLive();
app.MapRazorComponents<App>()
    // UseSecurityHeaders already forbids framing; Blazor's own, looser CSP header would be a second one.
    .AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);

app.Run();

public partial class Program;
