using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using WazzapDashboard.Access;
using WazzapDashboard.Fleet;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Observability;

/// <summary>Metrics (<c>/metrics</c>, OTLP), readiness (<c>/healthz/ready</c>) and the start-up report.</summary>
public static class ObservabilityExtensions
{
    /// <summary>The tag of the checks that only <c>/healthz/ready</c> runs.</summary>
    public const string Ready = "ready";

    public static void AddObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration("Metrics").ValidateDataAnnotations().ValidateOnStart();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("WazzapDashboard"))
            .WithMetrics(metrics => metrics
                .AddMeter(FleetMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        // The standard variable; with it, metrics, traces and logs also go to that collector.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation()).UseOtlpExporter();
        }

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseWritableCheck>("database-writable", tags: [Ready])
            .AddCheck<WriterHealthCheck>("writer", tags: [Ready]);
        builder.Services.AddHostedService<StartupReport>();
    }

    public static void MapObservability(this WebApplication app)
    {
        // Liveness: the process answers and the database reads. Readiness adds what taking deliveries needs.
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = check => !check.Tags.Contains(Ready),
            ResponseWriter = StorageExtensions.HealthAnswer.ResponseWriter,
            ResultStatusCodes = StorageExtensions.HealthAnswer.ResultStatusCodes,
        }).AllowAnonymous();
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { ResponseWriter = WriteChecks }).AllowAnonymous();

        // Its own gate: a scraper gets 401/403, never the sign-in page's redirect.
        app.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
        {
            var options = context.RequestServices.GetRequiredService<IOptions<MetricsOptions>>().Value;
            if (options.Allows(context.Connection.RemoteIpAddress) || context.User.IsInRole(Roles.Admin)
                || context.User.IsInRole(Roles.Support) || context.User.IsInRole(Roles.Viewer))
            {
                await next(context);
                return;
            }
            var known = context.User.Identity?.IsAuthenticated == true;
            await Results.Problem(statusCode: known ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized,
                title: known ? "Forbidden" : "Unauthorized",
                detail: "Send X-Api-Key with a dashboard API key, or scrape from a network in Metrics:AllowedNetworks.").ExecuteAsync(context);
        }), optionsName: null).AllowAnonymous();
    }

    /// <summary>Each check's status and why, so whoever reads the probe sees what is wrong.</summary>
    private static Task WriteChecks(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
    }
}
