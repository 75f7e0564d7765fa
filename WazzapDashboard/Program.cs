using MudBlazor.Services;
using WazzapDashboard.Access;
using WazzapDashboard.Alerts;
using WazzapDashboard.Components;
using WazzapDashboard.Components.Wall;
using WazzapDashboard.Demo;
using WazzapDashboard.Fleet;
using WazzapDashboard.History;
using WazzapDashboard.Hosting;
using WazzapDashboard.Live;
using WazzapDashboard.Localization;
using WazzapDashboard.Observability;
using WazzapDashboard.Reconciliation;
using WazzapDashboard.Scaling;
using WazzapDashboard.Storage;
using WazzapDashboard.Webhooks;

// `--demo` is a bare switch; the command-line configuration source only reads key/value pairs.
var demo = args.Contains("--demo");
// A published folder serves its own wwwroot and is its own content root, wherever it is started from.
// A build output (dotnet run) has a static web assets manifest instead, pointing into the project and the
// packages: it serves _framework and MudBlazor's files from there, outside Development too.
var published = !File.Exists(Path.Combine(AppContext.BaseDirectory, "WazzapDashboard.staticwebassets.runtime.json"));
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args.Where(a => a != "--demo").ToArray(),
    ContentRootPath = published ? AppContext.BaseDirectory : null,
});
if (!published) builder.WebHost.UseStaticWebAssets();

// Features: storage first, everything else reads or writes through it.
builder.AddStorage();
builder.AddAccess();
builder.AddFleet();
builder.AddWebhooks();
builder.AddLive();
builder.AddAlerts();
builder.AddHistory();
builder.AddReconciliation();
builder.AddDemo(demo);
builder.AddHosting();
builder.AddScaling();
builder.AddObservability();

// Pages and API plumbing.
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.AddWall();
builder.Services.AddMudServices();
builder.AddLocalization();
builder.Services.AddProblemDetails();

var app = builder.Build();

app.UseHosting();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSecurityHeaders();
app.UseAuthentication();
app.UseWallLinks();
app.UseViewerChoices();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

// Open to all: assets, the health probes, sign-in, and webhooks (they check their own signatures);
// /metrics checks its own key or network.
app.MapStaticAssets().AllowAnonymous();
app.MapObservability();
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
