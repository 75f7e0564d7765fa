using Microsoft.Extensions.Options;
using WazzapDashboard.Alerts;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Alerts;

public class AlertSettingsTests : IDisposable
{
    private readonly TestFleet _fleet = new();
    private readonly AlertSettings _settings;

    public AlertSettingsTests()
    {
        var options = new AlertsOptions
        {
            Channels = [new AlertChannel { Name = "ops", Type = ChannelType.Slack, Url = "https://hooks.slack.test/services/T/B/X" }],
            Rules = [new AlertRule { Name = "everything", Changes = ["disconnected", "banned"], Channels = ["ops"] }],
        };
        _settings = new AlertSettings(_fleet.Database, Options.Create(options), _fleet.Time);
    }

    private static AlertChannel Hook(string name = "n8n", string? secret = "first-secret") =>
        new() { Name = name, Type = ChannelType.Webhook, Url = "https://n8n.agency.test/webhook/abc", Secret = secret };

    [Fact]
    public void ConfiguredChannelsAndRulesComeFirstAndReadOnly()
    {
        Assert.Empty(_settings.SaveChannel(Hook(), creating: true));

        Assert.Equal([("ops", true), ("n8n", false)], _settings.Channels().Select(c => (c.Name, c.FromConfig)));
        Assert.True(Assert.Single(_settings.Rules()).FromConfig);
    }

    [Fact]
    public void AChannelNameIsUniqueAcrossConfigurationAndTheUi()
    {
        Assert.Contains("declared in configuration", Assert.Single(_settings.SaveChannel(Hook("OPS"), creating: true)));
        Assert.Empty(_settings.SaveChannel(Hook(), creating: true));
        Assert.Contains("already exists", Assert.Single(_settings.SaveChannel(Hook("N8N"), creating: true)));
    }

    [Fact]
    public void AnInvalidChannelIsRefusedWithItsProblems()
    {
        var problems = _settings.SaveChannel(new AlertChannel { Name = "mail", Type = ChannelType.Email, MailTo = "nobody", QuietFrom = "22:00" }, creating: true);

        Assert.Contains(problems, p => p.Contains("SMTP host"));
        Assert.Contains(problems, p => p.Contains("sender address"));
        Assert.Contains(problems, p => p.Contains("recipient"));
        Assert.Contains(problems, p => p.Contains("quiet hours"));
        Assert.Single(_settings.Channels());
    }

    [Fact]
    public void EditingWithABlankSecretKeepsTheStoredOne()
    {
        _settings.SaveChannel(Hook(), creating: true);

        var edited = Hook(secret: "");
        edited.Url = "https://n8n.agency.test/webhook/changed";
        Assert.Empty(_settings.SaveChannel(edited, creating: false));

        var stored = _settings.Channel("n8n")!;
        Assert.Equal("first-secret", stored.Secret);
        Assert.Equal("https://n8n.agency.test/webhook/changed", stored.Url);
    }

    [Fact]
    public void ARelayingChannelStartsQueueingEventsAsSoonAsItIsSaved()
    {
        var relay = Hook();
        relay.Relay = RelayMode.All;

        _settings.SaveChannel(relay, creating: true);

        using var connection = _fleet.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO events (dedupe_key, source, event_type, occurred_at, received_at, payload) VALUES ('k', 'wazzap', 'disconnected', 0, 0, '{}');
            SELECT count(*) FROM relay_queue;
            """;
        Assert.Equal(1L, command.ExecuteScalar());

        _settings.DeleteChannel("n8n");
        command.CommandText = "SELECT count(*) FROM alert_relays";
        Assert.Equal(0L, command.ExecuteScalar());
    }

    [Fact]
    public void RulesAreStoredWithNormalisedPhonesAndChangeNames()
    {
        _settings.SaveChannel(Hook(), creating: true);
        var rule = new AlertRule
        {
            Name = " Acme ", Changes = ["AtRisk", "disconnected"], Clients = ["Acme", " "], Phones = ["62 811-0000-0001"], Channels = ["n8n"],
        };

        Assert.Empty(_settings.SaveRule(rule));

        var stored = _settings.Rules().Single(r => !r.FromConfig);
        Assert.Equal("Acme", stored.Name);
        Assert.Equal(["at_risk", "disconnected"], stored.Changes);
        Assert.Equal(["Acme"], stored.Clients);
        Assert.Equal(["+6281100000001"], stored.Phones);

        stored.Enabled = false;
        Assert.Empty(_settings.SaveRule(stored));
        Assert.False(_settings.Rules().Single(r => !r.FromConfig).Enabled);

        _settings.DeleteRule(stored.Id);
        Assert.Single(_settings.Rules());
    }

    [Fact]
    public void ARuleNamingAnUnknownChannelIsRefused()
    {
        var problems = _settings.SaveRule(new AlertRule { Name = "r", Changes = ["banned"], Channels = ["nowhere"] });

        Assert.Contains("unknown channels: nowhere", Assert.Single(problems));
    }

    public void Dispose() => _fleet.Dispose();
}
