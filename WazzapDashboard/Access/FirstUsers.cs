using Microsoft.Extensions.Options;

namespace WazzapDashboard.Access;

/// <summary>
/// With no users yet: the admin named by <c>Dashboard:AdminUser</c>/<c>Dashboard:AdminPassword</c> when
/// both are set (otherwise the first visitor is asked to create one), and the demo login in demo mode.
/// </summary>
public sealed partial class FirstUsers(UserStore users, IOptions<DashboardOptions> options, ILogger<FirstUsers> logger, DemoLogin? demoLogin = null) : IHostedService
{
    public const string DemoUser = "demo";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.AdminUser) && !string.IsNullOrEmpty(o.AdminPassword) && users.Create(o.AdminUser, o.AdminPassword, Roles.Admin, onlyIfNone: true) is not null)
        {
            LogSeeded(o.AdminUser);
        }
        if (demoLogin?.Password is { } demoPassword)
        {
            var demo = users.All().FirstOrDefault(u => u.Username == DemoUser);
            if (demo is null) users.Create(DemoUser, demoPassword, Roles.Admin);
            else users.SetPassword(demo.Id, demoPassword);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the first admin, {User}, from configuration.")]
    private partial void LogSeeded(string user);
}
