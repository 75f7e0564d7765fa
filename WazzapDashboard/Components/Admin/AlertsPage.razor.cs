using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using WazzapDashboard.Alerts;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Components.Admin;

/// <summary>Admins manage alert channels and rules, send tests, and see what was delivered or failed.</summary>
public partial class AlertsPage : IDisposable
{
    private const int OutboxRows = 100;

    [Inject] public required AlertSettings Settings { get; init; }
    [Inject] public required AlertSender Sender { get; init; }
    [Inject] public required Outbox Outbox { get; init; }
    [Inject] public required RelayQueue Relays { get; init; }
    [Inject] public required AlertActivity Activity { get; init; }
    [Inject] public required FleetQueries Fleet { get; init; }
    [Inject] public required TimeProvider Time { get; init; }
    [Inject] public required IOptions<FleetOptions> FleetOptions { get; init; }

    private IReadOnlyList<AlertChannel> _channels = [];
    private IReadOnlyList<AlertRule> _rules = [];
    private IReadOnlyList<OutboxEntry> _outbox = [];
    private IReadOnlyList<RelayCursor> _relays = [];
    private OutboxCounts _counts = new(0, 0, 0, 0, 0);
    private IReadOnlyList<string> _clients = [];

    private AlertChannel? _channel;
    private bool _creatingChannel;
    private IReadOnlyList<string> _channelProblems = [];
    private AlertRule? _rule;
    private IReadOnlyList<string> _ruleProblems = [];
    private string? _confirmDelete;
    private readonly Dictionary<string, (bool Ok, string Text)> _tests = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _testing = new(StringComparer.OrdinalIgnoreCase);
    private IDisposable? _subscription;

    protected override void OnInitialized()
    {
        // Deliveries change on their own; channels and rules only when edited here.
        _subscription = Activity.Subscribe(() => InvokeAsync(() =>
        {
            ReloadDeliveries();
            StateHasChanged();
        }));
        _clients = Fleet.All().Select(n => n.Client).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order().ToList();
        Reload();
    }

    private void Reload()
    {
        _channels = Settings.Channels();
        _rules = Settings.Rules();
        ReloadDeliveries();
    }

    private void ReloadDeliveries()
    {
        _outbox = Outbox.Recent(OutboxRows);
        _relays = Relays.Cursors();
        _counts = Outbox.Counts(Time.GetUtcNow());
    }

    private IReadOnlyList<string> ChannelNames => _channels.Select(c => c.Name).ToList();

    private int Failing => _counts.GaveUp + _counts.Retrying + _relays.Count(r => r.Attempts > 0);

    private string DeliveriesTitle => Failing > 0 ? L["Alerts_DeliveriesFailing", Failing] : L["Alerts_Deliveries"];

    private void NewChannel() => OpenChannel(new AlertChannel { Type = ChannelType.Webhook }, creating: true);

    // Stored secrets stay on the server: the form starts blank, and blank keeps them.
    private void EditChannel(AlertChannel channel)
    {
        var copy = channel.Copy();
        copy.Secret = copy.SmtpPassword = null;
        OpenChannel(copy, creating: false);
    }

    private void OpenChannel(AlertChannel channel, bool creating)
    {
        _channel = channel;
        _creatingChannel = creating;
        _channelProblems = [];
    }

    private void SaveChannel()
    {
        _channelProblems = Settings.SaveChannel(_channel!, _creatingChannel);
        if (_channelProblems.Count > 0) return;
        _channel = null;
        Reload();
    }

    private void DeleteChannel(AlertChannel channel)
    {
        if (!Confirmed($"channel:{channel.Name}")) return;
        Settings.DeleteChannel(channel.Name);
        Reload();
    }

    /// <summary>A delete button asks "Really delete?" first: the second click on the same thing does it.</summary>
    private bool Confirmed(string what)
    {
        var confirmed = _confirmDelete == what;
        _confirmDelete = confirmed ? null : what;
        return confirmed;
    }

    private async Task SendTest(AlertChannel channel)
    {
        _testing.Add(channel.Name);
        var error = await Sender.SendTest(channel, CancellationToken.None);
        _testing.Remove(channel.Name);
        _tests[channel.Name] = error is null ? (true, L["Alerts_TestSent"]) : (false, error);
    }

    private void NewRule() => OpenRule(new AlertRule { Changes = ["disconnected", "banned"] });

    private void OpenRule(AlertRule rule)
    {
        _rule = rule;
        _ruleProblems = [];
    }

    private void SaveRule()
    {
        _ruleProblems = Settings.SaveRule(_rule!);
        if (_ruleProblems.Count > 0) return;
        _rule = null;
        Reload();
    }

    private void SetEnabled(AlertRule rule, bool enabled)
    {
        var copy = rule.Copy();
        copy.Enabled = enabled;
        Settings.SaveRule(copy);
        Reload();
    }

    private void DeleteRule(AlertRule rule)
    {
        if (!Confirmed($"rule:{rule.Id}")) return;
        Settings.DeleteRule(rule.Id);
        Reload();
    }

    private void RetryNow(OutboxEntry entry)
    {
        Outbox.RetryNow(entry.Id, Time.GetUtcNow());
        Sender.Wake();
        Reload();
    }

    private void Discard(OutboxEntry entry)
    {
        Outbox.Delete(entry.Id);
        Reload();
    }

    private void SkipBacklog(RelayCursor relay)
    {
        Relays.SkipBacklog(relay.Channel);
        Reload();
    }

    public void Dispose() => _subscription?.Dispose();
}
