using MudBlazor.Services;
using WazzapDashboard.Alerts;
using WazzapDashboard.Components;
using WazzapDashboard.Demo;
using WazzapDashboard.Fleet;
using WazzapDashboard.Live;
using WazzapDashboard.Storage;
using WazzapDashboard.Webhooks;

// `--demo` is a bare switch; the command-line configuration source only reads key/value pairs.
var demo = args.Contains("--demo");
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--demo").ToArray());

// Serve _framework and MudBlazor assets from a build output run outside Development too.
builder.WebHost.UseStaticWebAssets();

// Features: storage first, everything else reads or writes through it.
builder.AddStorage();
builder.AddFleet();
builder.AddWebhooks();
builder.AddLive();
builder.AddAlerts();
builder.AddDemo(demo);

// Pages and API plumbing.
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddProblemDetails();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapControllers();
app.MapFleetApi();
app.MapHealthChecks("/healthz");
app.MapLive();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

public partial class Program;
