using WazzapDashboard.Fleet;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Fleet;

public class HealthRulesTests
{
    private static readonly FleetOptions Options = new();
    private static NumberView View(NumberState s) => NumberView.From(s, TestFleet.Now, Options);

    [Fact]
    public void OrdersWorstFirst()
    {
        var numbers = new[]
        {
            View(TestFleet.Connected("+6281100000001", daysSinceSeen: 1)),
            View(TestFleet.Unknown("+6281100000002")),
            View(TestFleet.Connected("+6281100000003", daysSinceSeen: 8)),
            View(TestFleet.Down("+6281100000004", NumberStatus.Disconnected, ReasonCategory.LoggedOut, hoursAgo: 5)),
            View(TestFleet.Connected("+6281100000005", daysSinceSeen: 12)),
            View(TestFleet.Down("+6281100000006", NumberStatus.Banned, ReasonCategory.Banned)),
            View(TestFleet.Down("+6281100000007", NumberStatus.Disconnected, ReasonCategory.PhoneOffline, hoursAgo: 1)),
        };

        var order = HealthRules.WorstFirst(numbers).Select(n => n.Phone[^1..]);

        Assert.Equal(["6", "7", "4", "5", "3", "2", "1"], order);
    }

    [Fact]
    public void ADroppedNumberRunningACampaignComesAboveTheRest()
    {
        var numbers = new[]
        {
            View(TestFleet.Down("+6281100000001", NumberStatus.Banned, ReasonCategory.Banned)),
            View(TestFleet.Down("+6281100000002", NumberStatus.Disconnected, ReasonCategory.LoggedOut) with { RunsCampaign = true }),
            View(TestFleet.Connected("+6281100000003", daysSinceSeen: 12) with { RunsCampaign = true }),
            View(TestFleet.Down("+6281100000004", NumberStatus.Disconnected, ReasonCategory.PhoneOffline)),
        };

        var order = HealthRules.WorstFirst(numbers).Select(n => n.Phone[^1..]);

        Assert.Equal(["2", "1", "4", "3"], order);
        Assert.True(HealthRules.LosingCampaign(numbers[1]));
        Assert.False(HealthRules.LosingCampaign(numbers[2]));
    }

    [Fact]
    public void SummaryCountsEachHealth()
    {
        var summary = FleetSummary.Of([
            View(TestFleet.Connected("+6281100000001")),
            View(TestFleet.Connected("+6281100000002", daysSinceSeen: 9)),
            View(TestFleet.Down("+6281100000003", NumberStatus.Disconnected, ReasonCategory.Unknown)),
            View(TestFleet.Down("+6281100000004", NumberStatus.Banned, ReasonCategory.Banned)),
            View(TestFleet.Unknown("+6281100000005")),
            View(TestFleet.Unknown("+6281100000006")),
        ]);

        Assert.Equal(new FleetSummary(Total: 6, Healthy: 1, AtRisk: 1, Disconnected: 1, Banned: 1, Unknown: 2), summary);
    }
}
