using WazzapDashboard.Access;
using System.Security.Cryptography;

namespace WazzapDashboard.Demo;

public static class DemoExtensions
{
    /// <summary>
    /// <c>--demo</c> or <c>Demo:Enabled=true</c>: a simulated fleet in its own database
    /// (<c>Demo:ConnectionString</c>), posting signed deliveries to this app's own webhook endpoint
    /// with a secret made up for this run.
    /// </summary>
    public static void AddDemo(this WebApplicationBuilder builder, bool requested)
    {
        if (!requested && !builder.Configuration.GetValue<bool>("Demo:Enabled")) return;

        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var secrets = builder.Configuration.GetSection("Wazzapi:WebhookSecrets").GetChildren().Count();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Fleet"] = builder.Configuration["Demo:ConnectionString"] ?? "Data Source=wazzap-demo.db",
            [$"Wazzapi:WebhookSecrets:{secrets}"] = secret,
            ["Demo:Secret"] = secret,
        });
        // The demo's own login, shown on the sign-in page; real users are still made as usual. Not a
        // configuration key, so no setting can put a password on the sign-in page outside demo mode.
        builder.Services.AddSingleton(new DemoLogin(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))));
        builder.Services.AddHostedService<DemoSimulator>();
    }
}
