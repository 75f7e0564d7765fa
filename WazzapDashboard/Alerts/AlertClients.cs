using WazzapDashboard.Fleet;

namespace WazzapDashboard.Alerts;

/// <summary>The client (sub-account) a number belongs to, for per-client routing and relays.</summary>
public static class AlertClients
{
    // The roster (client per number) is not on NumberView yet; once it is, this becomes `n.Client`.
    public static string? Of(NumberView n) => null;
}
