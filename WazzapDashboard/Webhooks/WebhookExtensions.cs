using WazzapDashboard.Fleet;

namespace WazzapDashboard.Webhooks;

public static class WebhookExtensions
{
    public static void AddWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WazzapiOptions>().BindConfiguration("Wazzapi");
        builder.Services.AddOptions<WazzapOptions>().BindConfiguration("Wazzap");
        builder.Services.AddOptions<IngestOptions>().BindConfiguration("Ingest").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<FleetWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FleetWriter>());
        builder.Services.AddControllers().AddJsonOptions(o => WireNames.Configure(o.JsonSerializerOptions));
    }
}
