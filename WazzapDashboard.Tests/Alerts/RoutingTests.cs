using WazzapDashboard.Alerts;

namespace WazzapDashboard.Tests.Alerts;

public class RoutingTests
{
    private static Transition Change(ChangeKind kind = ChangeKind.Disconnected, string phone = "+6281100000001", string? client = "Acme") =>
        new(kind, phone, client, null, null, null, null, DateTimeOffset.UnixEpoch);

    // The table in Routing, row by row ("-" is empty; a number is "client/phone").
    [Theory]
    [InlineData("-", "-", "Acme/+6281100000001", true)]
    [InlineData("Acme", "-", "acme/+6281100000001", true)]
    [InlineData("Acme", "-", "Kopi/+6281100000001", false)]
    [InlineData("Acme", "-", "-/+6281100000001", false)]
    [InlineData("-", "+62 811-0000-0001", "Kopi/+6281100000001", true)]
    [InlineData("Acme", "6281100000001", "Kopi/+6281100000001", true)]
    [InlineData("Acme", "+6281100000009", "Kopi/+6281100000001", false)]
    public void RulesMatchClientsOrNumbers(string clients, string phones, string number, bool matches)
    {
        var rule = new AlertRule
        {
            Name = "r", Changes = ["disconnected"], Channels = ["ops"],
            Clients = clients == "-" ? [] : [clients],
            Phones = phones == "-" ? [] : [phones],
        };
        var parts = number.Split('/');

        Assert.Equal(matches, Routing.Matches(rule, Change(phone: parts[1], client: parts[0] == "-" ? null : parts[0])));
    }

    [Theory]
    [InlineData("disconnected", ChangeKind.Disconnected, true)]
    [InlineData("at_risk", ChangeKind.AtRisk, true)]
    [InlineData("AtRisk", ChangeKind.AtRisk, true)]
    [InlineData("at-risk", ChangeKind.AtRisk, true)]
    [InlineData("banned", ChangeKind.Reconnected, false)]
    public void RulesMatchOnlyTheChangesTheyList(string listed, ChangeKind kind, bool matches)
    {
        var rule = new AlertRule { Name = "r", Changes = [listed], Channels = ["ops"] };

        Assert.Equal(matches, Routing.Matches(rule, Change(kind)));
    }

    [Fact]
    public void ADisabledRuleMatchesNothing()
    {
        var rule = new AlertRule { Name = "r", Changes = ["disconnected"], Channels = ["ops"], Enabled = false };

        Assert.False(Routing.Matches(rule, Change()));
    }

    [Fact]
    public void AChannelReachedByTwoRulesGetsTheChangeOnce()
    {
        var rules = new[]
        {
            new AlertRule { Name = "all", Changes = ["disconnected"], Channels = ["ops", "owner-mail"] },
            new AlertRule { Name = "acme", Changes = ["disconnected"], Clients = ["Acme"], Channels = ["OPS", "acme-n8n"] },
            new AlertRule { Name = "kopi", Changes = ["disconnected"], Clients = ["Kopi"], Channels = ["kopi-slack"] },
        };

        Assert.Equal(["ops", "owner-mail", "acme-n8n"], Routing.ChannelsFor(Change(), rules));
    }

    [Fact]
    public void RuleProblemsNameWhatIsWrong()
    {
        var rule = new AlertRule { Name = "r", Changes = ["offline"], Phones = ["not a phone"], Channels = ["nowhere"] };

        var problems = rule.Problems(["ops"]);

        Assert.Contains(problems, p => p.Contains("unknown changes offline"));
        Assert.Contains(problems, p => p.Contains("unknown channels: nowhere"));
        Assert.Contains(problems, p => p.Contains("not phone numbers"));
    }
}
