using System.Globalization;
using System.Text;
using System.Text.Json;
using Humanizer;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Alerts;

/// <summary>One message for one channel: a title and plain text for people, and the JSON a webhook posts.</summary>
public sealed record AlertMessage(string Kind, string Title, string Text, string Body, int Numbers);

/// <summary>What messages need besides the changes: times in the channel's zone, links, the clock.</summary>
/// <param name="ExpiryDays"><c>Fleet:ExpiryDays</c>, which messages about expiry name.</param>
public sealed record MessageContext(TimeZoneInfo Zone, DateTimeOffset Now, int IncidentThreshold, int ExpiryDays, string? DashboardUrl = null);

/// <summary>
/// Turns a channel's pending changes into messages. Pure. Each number counts once, as its latest change
/// (a drop then a ban inside one group is one "banned"). Drops at or above the incident threshold, or any
/// drop while an incident is open, become one fleet-incident message; other changes at or above the
/// threshold become one message per kind; the rest are one message each. A digest lists everything.
/// </summary>
public static class Messages
{
    private const int MaxLines = 100;

    private static readonly JsonSerializerOptions Json = CreateJson();

    public static IReadOnlyList<AlertMessage> Compose(IReadOnlyList<PendingAlert> pending, Flush flush, bool incidentOpen, MessageContext context)
    {
        if (pending.Count == 0 || flush == Flush.Hold) return [];
        if (flush == Flush.Digest) return [Digest(pending, context)];

        var latest = pending.OrderBy(p => p.Id).GroupBy(p => p.Change.Phone).Select(g => g.Last().Change).ToList();
        var messages = new List<AlertMessage>();

        var drops = latest.Where(c => c.Kind is ChangeKind.Disconnected or ChangeKind.Banned).ToList();
        if (drops.Count >= context.IncidentThreshold || (incidentOpen && drops.Count > 0))
        {
            messages.Add(Incident(drops, continues: incidentOpen, context));
        }
        else
        {
            messages.AddRange(drops.Select(c => Single(c, context)));
        }

        foreach (var kind in new[] { ChangeKind.Reconnected, ChangeKind.Expired, ChangeKind.AtRisk })
        {
            var changes = latest.Where(c => c.Kind == kind).ToList();
            if (changes.Count >= context.IncidentThreshold) messages.Add(Grouped(kind, changes, context));
            else messages.AddRange(changes.Select(c => Single(c, context)));
        }
        return messages;
    }

    public static AlertMessage Single(Transition c, MessageContext context)
    {
        var who = Who(c);
        var title = c.Kind switch
        {
            ChangeKind.Disconnected => $"{who} disconnected",
            ChangeKind.Banned => $"{who} banned by WhatsApp",
            ChangeKind.AtRisk => $"{who} at risk: {Words.DaysLeft(c.DaysUntilExpiry)}",
            ChangeKind.Expired => $"{who} is past {Words.ExpiryLine(context.ExpiryDays)}",
            _ => $"{who} is back online",
        };

        var text = new StringBuilder();
        if (c.Kind is ChangeKind.Disconnected or ChangeKind.Banned)
        {
            text.AppendLine($"Reason: {Words.Reason(c.ReasonCategory)}{(string.IsNullOrWhiteSpace(c.Reason) ? "" : $" (\"{c.Reason}\")")}");
            text.AppendLine($"Since: {When(c.At, context)}");
        }
        if (c.Kind == ChangeKind.Reconnected)
        {
            var down = c.OutageStartedAt is { } start ? $" after {(c.At - start).Humanize(2, minUnit: Humanizer.TimeUnit.Minute)} down" : "";
            text.AppendLine($"Back since {When(c.At, context)}{down}.");
            if (c.Flaps > 0) text.AppendLine($"It dropped and came back {c.Flaps + 1} times before staying up.");
        }
        if (c.Client is not null) text.AppendLine($"Client: {c.Client}");
        if (Hint(c, context) is { } hint) text.AppendLine($"What to do: {hint}");
        if (Link(c.Phone, context) is { } link) text.AppendLine(link);

        return Message(c.Kind.ToWire(), title, text.ToString().TrimEnd(), [c], context);
    }

    private static AlertMessage Incident(IReadOnlyList<Transition> drops, bool continues, MessageContext context)
    {
        var since = drops.Min(c => c.At);
        var title = continues
            ? $"Fleet incident continues: {drops.Count} more {(drops.Count == 1 ? "number" : "numbers")} dropped"
            : $"Fleet incident: {Count(drops.Count)} dropped since {When(since, context, withZone: false)}";
        var text = new StringBuilder();
        if (!continues)
        {
            text.AppendLine("Many numbers dropped within minutes: most likely one gateway or WhatsApp incident, not separate problems.");
        }
        AppendLines(text, drops, c => $"{Who(c)} — {Words.Reason(c.ReasonCategory)}, {When(c.At, context, withZone: false)}");
        return Message("incident", title, text.ToString().TrimEnd(), drops, context);
    }

    private static AlertMessage Grouped(ChangeKind kind, IReadOnlyList<Transition> changes, MessageContext context)
    {
        var title = kind switch
        {
            ChangeKind.Reconnected => $"{Count(changes.Count)} back online",
            ChangeKind.Expired => $"{Count(changes.Count)} past {Words.ExpiryLine(context.ExpiryDays)}",
            _ => $"{Count(changes.Count)} at risk",
        };
        var text = new StringBuilder();
        AppendLines(text, changes, c => kind == ChangeKind.AtRisk ? $"{Who(c)} — {Words.DaysLeft(c.DaysUntilExpiry)}" : Who(c));
        return Message(kind.ToWire(), title, text.ToString().TrimEnd(), changes, context);
    }

    private static AlertMessage Digest(IReadOnlyList<PendingAlert> pending, MessageContext context)
    {
        var byNumber = pending.OrderBy(p => p.Change.At).ThenBy(p => p.Id).GroupBy(p => p.Change.Phone).ToList();
        var text = new StringBuilder();
        text.AppendLine($"Held during quiet hours, {When(pending.Min(p => p.Change.At), context, withZone: false)} to {When(context.Now, context)}:");
        AppendLines(text, byNumber, g => $"{Who(g.First().Change)}: " + string.Join(" → ",
            g.Select(p => $"{When(p.Change.At, context, withZone: false)} {Verb(p.Change, context)}")));
        var changes = pending.OrderBy(p => p.Change.At).ThenBy(p => p.Id).Select(p => p.Change).ToList();
        return Message("digest", $"Quiet-hours digest: {Count(byNumber.Count)} changed", text.ToString().TrimEnd(), changes, context);
    }

    /// <summary>The message a channel's "send test" button sends.</summary>
    public static AlertMessage Test(string channel, MessageContext context) => Message("test",
        "Test alert from WazzapDashboard",
        $"If you can read this, channel '{channel}' works. Sent {When(context.Now, context)}.", [], context);

    private static AlertMessage Message(string kind, string title, string text, IReadOnlyList<Transition> changes, MessageContext context)
    {
        var numbers = changes.Select(c => new
        {
            change = c.Kind.ToWire(),
            phone = c.Phone,
            client = c.Client,
            accountName = c.AccountName,
            reason = c.Reason,
            reasonCategory = c.ReasonCategory?.ToWire(),
            daysUntilExpiry = c.DaysUntilExpiry,
            at = c.At,
            outageStartedAt = c.OutageStartedAt,
            flaps = c.Flaps,
        }).ToList();
        var one = numbers.Count == 1 ? numbers[0] : null;
        // A single-number alert repeats its fields at the top level, for automations that map flat fields.
        var body = JsonSerializer.Serialize(new
        {
            type = "alert",
            kind,
            title,
            text,
            change = one?.change,
            phone = one?.phone,
            client = one?.client,
            accountName = one?.accountName,
            reasonCategory = one?.reasonCategory,
            at = one?.at,
            numbers,
            createdAt = context.Now,
        }, Json);
        return new AlertMessage(kind, title, text, body, changes.Select(c => c.Phone).Distinct().Count());
    }

    private static void AppendLines<T>(StringBuilder text, IReadOnlyList<T> items, Func<T, string> line)
    {
        foreach (var item in items.Take(MaxLines)) text.AppendLine($"• {line(item)}");
        if (items.Count > MaxLines) text.AppendLine($"… and {items.Count - MaxLines} more (see the dashboard).");
    }

    private static string Who(Transition c) =>
        c.AccountName is { Length: > 0 } name ? $"{name} ({Phones.Display(c.Phone)})" : Phones.Display(c.Phone);

    private static string Count(int numbers) => numbers == 1 ? "1 number" : $"{numbers} numbers";

    private static string Verb(Transition c, MessageContext context) => c.Kind switch
    {
        ChangeKind.Disconnected => $"disconnected — {Words.Reason(c.ReasonCategory)}",
        ChangeKind.Banned => "banned",
        ChangeKind.AtRisk => $"at risk ({Words.DaysLeft(c.DaysUntilExpiry)})",
        ChangeKind.Expired => $"past {Words.ExpiryLine(context.ExpiryDays)}",
        _ => "back online",
    };

    private static string? Hint(Transition c, MessageContext context) => c.Kind switch
    {
        ChangeKind.AtRisk => $"power the paired phone on and open WhatsApp before {Words.ExpiryLine(context.ExpiryDays)}.",
        ChangeKind.Expired => $"the phone has been offline past {Words.Days(context.ExpiryDays)}, so the session has probably dropped unseen: power it on and check Linked Devices.",
        ChangeKind.Reconnected => null,
        _ => c.ReasonCategory switch
        {
            ReasonCategory.PhoneOffline => "power the paired phone on, then re-scan the QR in the gateway; keep it on at least weekly.",
            ReasonCategory.SlotReused => "someone opened WhatsApp Web on this number: re-scan the QR and keep WhatsApp Web closed on it.",
            ReasonCategory.Banned => "try sending from the WhatsApp app; if it is blocked, follow the gateway's reconnect-after-ban steps.",
            ReasonCategory.LoggedOut => "re-scan the QR in the gateway.",
            ReasonCategory.DeviceChanged => "the SIM or phone changed: re-scan the QR from the new phone.",
            ReasonCategory.AppUpdate => "re-scan the QR once WhatsApp has finished updating.",
            _ => "check Linked Devices on the paired phone and re-scan the QR.",
        },
    };

    private static string When(DateTimeOffset at, MessageContext context, bool withZone = true)
    {
        var local = TimeZoneInfo.ConvertTime(at, context.Zone);
        var text = local.ToString("d MMM HH:mm", CultureInfo.InvariantCulture);
        return withZone ? $"{text} (UTC{local:zzz})" : text;
    }

    private static string? Link(string phone, MessageContext context) =>
        string.IsNullOrWhiteSpace(context.DashboardUrl) ? null
            : $"{context.DashboardUrl.TrimEnd('/')}/numbers/{Uri.EscapeDataString(phone)}";

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        WireNames.Configure(options);
        return options;
    }
}
