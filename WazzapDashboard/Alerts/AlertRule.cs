using WazzapDashboard.Fleet;

using WazzapDashboard.Localization;

namespace WazzapDashboard.Alerts;

/// <summary>
/// The changes a rule can alert on (wire names: <c>disconnected</c>, <c>banned</c>, <c>at_risk</c>, <c>expired</c>,
/// <c>reconnected</c>, <c>silent</c>, <c>gateway_silent</c>). A <c>gateway_silent</c> change names the gateway
/// (<c>wazzapi</c>, <c>wazzap</c>) where the others name a number, and only rules for every number get it.
/// </summary>
public enum ChangeKind { Disconnected, Banned, AtRisk, Expired, Reconnected, Silent, GatewaySilent }

/// <summary>
/// Which changes, for which clients or numbers, go to which channels. Bound from <c>Alerts:Rules:N</c>
/// (lists as arrays), read from <c>alert_rules</c>, edited on the alerts page.
/// </summary>
public sealed class AlertRule
{
    public long Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Wire names of <see cref="ChangeKind"/>; configuration may spell them <c>at_risk</c> or <c>AtRisk</c>.</summary>
    public List<string> Changes { get; set; } = [];

    /// <summary>Client (sub-account) names. With no clients and no phones the rule covers every number.</summary>
    public List<string> Clients { get; set; } = [];

    /// <summary>Numbers in any format; compared as E.164.</summary>
    public List<string> Phones { get; set; } = [];

    public List<string> Channels { get; set; } = [];
    public bool Enabled { get; set; } = true;
    public bool FromConfig { get; set; }

    public IReadOnlySet<ChangeKind> Kinds() =>
        Changes.Select(c => TryKind(c, out var kind) ? kind : (ChangeKind?)null).OfType<ChangeKind>().ToHashSet();

    public static bool TryKind(string text, out ChangeKind kind)
    {
        kind = default;
        try
        {
            kind = WireNames.FromWire<ChangeKind>(text.Trim().Replace("-", "_"));
            return Enum.IsDefined(kind);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public AlertRule Copy() => new()
    {
        Id = Id, Name = Name, Changes = [.. Changes], Clients = [.. Clients], Phones = [.. Phones],
        Channels = [.. Channels], Enabled = Enabled, FromConfig = FromConfig,
    };

    public IReadOnlyList<string> Problems(IEnumerable<string> channelNames)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name)) problems.Add(Text.Get("Problem_RuleName"));
        var bad = Changes.Where(c => !TryKind(c, out _)).ToList();
        if (bad.Count > 0) problems.Add(Text.Get("Problem_RuleChanges", Name, string.Join(", ", bad)));
        if (Changes.Count == 0) problems.Add(Text.Get("Problem_RuleNoChange", Name));
        if (Channels.Count == 0) problems.Add(Text.Get("Problem_RuleNoChannel", Name));
        var unknown = Channels.Except(channelNames, StringComparer.OrdinalIgnoreCase).ToList();
        if (unknown.Count > 0) problems.Add(Text.Get("Problem_RuleUnknownChannels", Name, string.Join(", ", unknown)));
        var badPhones = Phones.Where(p => Fleet.Phones.Normalise(p) is null).ToList();
        if (badPhones.Count > 0) problems.Add(Text.Get("Problem_RulePhones", Name, string.Join(", ", badPhones)));
        return problems;
    }
}

/// <summary>
/// Routing: which channels a change goes to. A rule matches when it is enabled, lists the change,
/// and either names no clients and no phones, or names the number's client or the number itself.
/// A channel reached by several rules gets the change once.
///
/// | rule clients | rule phones | number                       | match |
/// |--------------|-------------|------------------------------|-------|
/// | –            | –           | any                          | yes   |
/// | Acme         | –           | client Acme (any case)       | yes   |
/// | Acme         | –           | client Kopi, or no client    | no    |
/// | –            | +62811…01   | +62811…01                    | yes   |
/// | Acme         | +62811…01   | client Kopi, phone +62811…01 | yes   |
/// </summary>
public static class Routing
{
    public static bool Matches(AlertRule rule, Transition change)
    {
        if (!rule.Enabled || !rule.Kinds().Contains(change.Kind)) return false;
        if (rule.Clients.Count == 0 && rule.Phones.Count == 0) return true;
        if (change.Kind == ChangeKind.GatewaySilent) return false;
        return (change.Client is { } client && rule.Clients.Contains(client.Trim(), StringComparer.OrdinalIgnoreCase))
            || rule.Phones.Any(p => Phones.Normalise(p)?.E164 == change.Phone);
    }

    public static IReadOnlyList<string> ChannelsFor(Transition change, IEnumerable<AlertRule> rules) =>
        rules.Where(rule => Matches(rule, change))
            .SelectMany(rule => rule.Channels)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
}
