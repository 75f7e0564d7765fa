using System.Diagnostics.Metrics;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Alerts;

/// <summary><c>wazzapdashboard_alerts_total{channel,result}</c>: each attempt to deliver an alert from the outbox.</summary>
public sealed class AlertMetrics(IMeterFactory meters)
{
    private readonly Counter<long> _alerts = meters.Create(FleetMetrics.MeterName).CreateCounter<long>("wazzapdashboard.alerts", null,
        "Alert delivery attempts by channel and result: sent, failed (will retry) or gave_up.");

    public void Attempted(string channel, string result) =>
        _alerts.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("result", result));
}
