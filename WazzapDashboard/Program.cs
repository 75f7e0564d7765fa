using MudBlazor.Services;
using WazzapDashboard.Components;
using WazzapDashboard.Fleet;
using WazzapDashboard.History;
using WazzapDashboard.Live;
using WazzapDashboard.Storage;
using WazzapDashboard.Webhooks;

var builder = WebApplication.CreateBuilder(args);

// Serve _framework and MudBlazor assets from a build output run outside Development too.
builder.WebHost.UseStaticWebAssets();

// Features: storage first, everything else reads or writes through it.
builder.AddStorage();
builder.AddFleet();
builder.AddWebhooks();
builder.AddLive();
builder.AddHistory();

// Pages and API plumbing.
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddProblemDetails();

var app = builder.Build();

// A request body that cannot be read is the client's mistake: 400, not 500 (Development throws it).
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapControllers();
app.MapFleetApi();
app.MapHistoryApi();
app.MapHealthChecks("/healthz");
app.MapLive();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

public partial class Program;
