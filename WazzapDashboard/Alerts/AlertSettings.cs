using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using WazzapDashboard.Fleet;
using WazzapDashboard.Storage;

using WazzapDashboard.Localization;

namespace WazzapDashboard.Alerts;

/// <summary>
/// Channels and rules: those declared in configuration (read-only) followed by those added in the UI
/// (stored in SQLite). Channel names are unique across both, ignoring case.
/// </summary>
public sealed class AlertSettings(Database database, IOptions<AlertsOptions> options, TimeProvider time)
{
    public IReadOnlyList<AlertChannel> Channels()
    {
        using var connection = database.Open();
        return Channels(connection, null);
    }

    public AlertChannel? Channel(string name) =>
        Channels().FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<AlertRule> Rules()
    {
        const string sql = "SELECT id, name, changes, clients, phones, channels, enabled FROM alert_rules ORDER BY id";
        using var connection = database.Open();
        var stored = connection.Query<RuleRow>(sql).Select(r => r.ToRule());
        return options.Value.Rules.Select(r => { var copy = r.Copy(); copy.FromConfig = true; return copy; }).Concat(stored).ToList();
    }

    /// <summary>Adds or updates a UI channel; the problems that stopped it, if any. A blank secret or password keeps the stored one.</summary>
    public IReadOnlyList<string> SaveChannel(AlertChannel channel, bool creating)
    {
        channel.Name = channel.Name.Trim();
        var problems = channel.Problems().ToList();
        if (ConfigChannels().Any(c => Same(c.Name, channel.Name)))
        {
            problems.Add(Text.Get("Problem_ChannelInConfig", channel.Name));
        }
        else if (creating && Channels().Any(c => Same(c.Name, channel.Name)))
        {
            problems.Add(Text.Get("Problem_ChannelExists", channel.Name));
        }
        if (problems.Count > 0) return problems;

        const string sql = """
            INSERT INTO alert_channels (name, type, url, secret, relay, smtp_host, smtp_port, smtp_security, smtp_user,
                                        smtp_password, mail_from, mail_to, quiet_from, quiet_to, time_zone, language, created_at)
            VALUES (@Name, @type, @Url, @Secret, @relay, @SmtpHost, @SmtpPort, @security, @SmtpUser,
                    @SmtpPassword, @MailFrom, @MailTo, @QuietFrom, @QuietTo, @TimeZone, @language, @now)
            ON CONFLICT (name) DO UPDATE SET
                type = excluded.type, url = excluded.url, secret = coalesce(nullif(excluded.secret, ''), alert_channels.secret),
                relay = excluded.relay, smtp_host = excluded.smtp_host, smtp_port = excluded.smtp_port,
                smtp_security = excluded.smtp_security, smtp_user = excluded.smtp_user,
                smtp_password = coalesce(nullif(excluded.smtp_password, ''), alert_channels.smtp_password),
                mail_from = excluded.mail_from, mail_to = excluded.mail_to, quiet_from = excluded.quiet_from,
                quiet_to = excluded.quiet_to, time_zone = excluded.time_zone, language = excluded.language
            """;
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        connection.Execute(sql, new
        {
            channel.Name, channel.Url, channel.Secret, channel.SmtpHost, channel.SmtpPort, channel.SmtpUser, channel.SmtpPassword,
            channel.MailFrom, channel.MailTo,
            QuietFrom = Blank(channel.QuietFrom), QuietTo = Blank(channel.QuietTo), TimeZone = Blank(channel.TimeZone),
            language = Cultures.Find(channel.Language)?.Name,
            type = channel.Type.ToWire(),
            relay = channel.Type == ChannelType.Webhook ? channel.Relay.ToWire() : RelayMode.Off.ToWire(),
            security = channel.SmtpSecurity.ToWire(),
            now = time.GetUtcNow().ToUnixTimeMilliseconds(),
        }, transaction);
        // Start (or stop) queueing events for the relay at once, not at the sender's next pass.
        RelayQueue.Sync(connection, transaction, Channels(connection, transaction).Where(c => c.Relays).Select(c => c.Name));
        transaction.Commit();
        return [];
    }

    /// <summary>Removes a UI channel with its waiting changes, undelivered messages and relay position; sent history stays.</summary>
    public void DeleteChannel(string name)
    {
        const string sql = """
            DELETE FROM alert_channels WHERE name = @name;
            DELETE FROM alert_pending WHERE lower(channel) = lower(@name);
            DELETE FROM alert_outbox WHERE lower(channel) = lower(@name) AND sent_at IS NULL;
            DELETE FROM alert_relays WHERE lower(channel) = lower(@name);
            """;
        using var connection = database.Open();
        connection.Execute(sql, new { name });
    }

    public IReadOnlyList<string> SaveRule(AlertRule rule)
    {
        rule.Name = rule.Name.Trim();
        var problems = rule.Problems(Channels().Select(c => c.Name));
        if (rule.FromConfig) problems = [.. problems, Text.Get("Problem_RuleInConfig")];
        if (problems.Count > 0) return problems;

        var phones = rule.Phones.Select(p => Phones.Normalise(p)!.E164).Distinct().ToList();
        var changes = rule.Changes.Select(c => AlertRule.TryKind(c, out var kind) ? kind.ToWire() : c).Distinct().ToList();
        // A new rule (id 0) takes the next id; a known one is updated in place.
        const string insert = """
            INSERT INTO alert_rules (name, changes, clients, phones, channels, enabled)
            VALUES (@Name, @changes, @clients, @phones, @channels, @Enabled)
            RETURNING id
            """;
        const string update = """
            UPDATE alert_rules SET name = @Name, changes = @changes, clients = @clients, phones = @phones,
                channels = @channels, enabled = @Enabled
            WHERE id = @Id
            RETURNING id
            """;
        using var connection = database.Open();
        rule.Id = connection.ExecuteScalar<long>(rule.Id == 0 ? insert : update, new
        {
            rule.Id, rule.Name, rule.Enabled,
            changes = JsonSerializer.Serialize(changes),
            clients = JsonSerializer.Serialize(rule.Clients.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct()),
            phones = JsonSerializer.Serialize(phones),
            channels = JsonSerializer.Serialize(rule.Channels),
        });
        return [];
    }

    public void DeleteRule(long id)
    {
        const string sql = "DELETE FROM alert_rules WHERE id = @id";
        using var connection = database.Open();
        connection.Execute(sql, new { id });
    }

    private IEnumerable<AlertChannel> ConfigChannels() =>
        options.Value.Channels.Select(c => { var copy = c.Copy(); copy.Name = copy.Name.Trim(); copy.FromConfig = true; return copy; });

    private IReadOnlyList<AlertChannel> Channels(DbConnection connection, DbTransaction? transaction)
    {
        const string sql = """
            SELECT name, type, url, secret, relay, smtp_host, smtp_port, smtp_security, smtp_user, smtp_password,
                   mail_from, mail_to, quiet_from, quiet_to, time_zone, language
            FROM alert_channels ORDER BY name
            """;
        var stored = connection.Query<ChannelRow>(sql, transaction: transaction).Select(r => r.ToChannel());
        return ConfigChannels().Concat(stored).ToList();
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private sealed class ChannelRow
    {
        public required string Name { get; init; }
        public required string Type { get; init; }
        public required string Relay { get; init; }
        public string? Url { get; init; }
        public string? Secret { get; init; }
        public string? SmtpHost { get; init; }
        public long? SmtpPort { get; init; }
        public string? SmtpSecurity { get; init; }
        public string? SmtpUser { get; init; }
        public string? SmtpPassword { get; init; }
        public string? MailFrom { get; init; }
        public string? MailTo { get; init; }
        public string? QuietFrom { get; init; }
        public string? QuietTo { get; init; }
        public string? TimeZone { get; init; }
        public string? Language { get; init; }

        public AlertChannel ToChannel() => new()
        {
            Name = Name,
            Type = ChannelWording.Parse(Type, ChannelType.Webhook),
            Url = Url,
            Secret = Secret,
            Relay = ChannelWording.Parse(Relay, RelayMode.Off),
            SmtpHost = SmtpHost,
            SmtpPort = (int?)SmtpPort,
            SmtpSecurity = ChannelWording.Parse(SmtpSecurity, Alerts.SmtpSecurity.Auto),
            SmtpUser = SmtpUser,
            SmtpPassword = SmtpPassword,
            MailFrom = MailFrom,
            MailTo = MailTo,
            QuietFrom = QuietFrom,
            QuietTo = QuietTo,
            TimeZone = TimeZone,
            Language = Language,
        };
    }

    private sealed class RuleRow
    {
        public long Id { get; init; }
        public required string Name { get; init; }
        public required string Changes { get; init; }
        public required string Clients { get; init; }
        public required string Phones { get; init; }
        public required string Channels { get; init; }
        public bool Enabled { get; init; }

        public AlertRule ToRule() => new()
        {
            Id = Id,
            Name = Name,
            Changes = JsonSerializer.Deserialize<List<string>>(Changes) ?? [],
            Clients = JsonSerializer.Deserialize<List<string>>(Clients) ?? [],
            Phones = JsonSerializer.Deserialize<List<string>>(Phones) ?? [],
            Channels = JsonSerializer.Deserialize<List<string>>(Channels) ?? [],
            Enabled = Enabled,
        };
    }
}
