using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Humanizer;
using WazzapDashboard.Fleet;
using WazzapDashboard.Localization;

namespace WazzapDashboard.Alerts;

/// <summary>One message for one channel: a title and plain text for people, and the JSON a webhook posts.</summary>
public sealed record AlertMessage(string Kind, string Title, string Text, string Body, int Numbers);

/// <summary>What messages need besides the changes: the channel's language, times in its zone, links, the clock.</summary>
/// <param name="ExpiryDays"><c>Fleet:ExpiryDays</c>, which messages about expiry name.</param>
public sealed record MessageContext(TimeZoneInfo Zone, DateTimeOffset Now, int IncidentThreshold, int ExpiryDays, string? DashboardUrl = null, CultureInfo? Culture = null);

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
        using var language = new CultureScope(context.Culture);
        if (flush == Flush.Digest) return [Digest(pending, context)];
        // A gateway going quiet is one message of its own, whatever else is in the group.
        var gateways = pending.Where(p => p.Change.Kind == ChangeKind.GatewaySilent).GroupBy(p => p.Change.Phone)
            .Select(g => Single(g.Last().Change, context)).ToList();
        pending = pending.Where(p => p.Change.Kind != ChangeKind.GatewaySilent).ToList();
        if (pending.Count == 0) return gateways;

        var latest = pending.OrderBy(p => p.Id).GroupBy(p => p.Change.Phone).Select(g => g.Last().Change).ToList();
        var messages = new List<AlertMessage>(gateways);

        var drops = latest.Where(c => c.Kind is ChangeKind.Disconnected or ChangeKind.Banned).ToList();
        if (drops.Count >= context.IncidentThreshold || (incidentOpen && drops.Count > 0))
        {
            messages.Add(Incident(drops, continues: incidentOpen, context));
        }
        else
        {
            messages.AddRange(drops.Select(c => Single(c, context)));
        }

        foreach (var kind in new[] { ChangeKind.Reconnected, ChangeKind.Expired, ChangeKind.Silent, ChangeKind.AtRisk })
        {
            var changes = latest.Where(c => c.Kind == kind).ToList();
            if (changes.Count >= context.IncidentThreshold) messages.Add(Grouped(kind, changes, context));
            else messages.AddRange(changes.Select(c => Single(c, context)));
        }
        return messages;
    }

    public static AlertMessage Single(Transition c, MessageContext context)
    {
        using var language = new CultureScope(context.Culture);
        if (c.Kind == ChangeKind.GatewaySilent)
        {
            return Message(c.Kind.ToWire(), Text.Get("Alert_GatewaySilent", Gateways.Name(c.Phone), When(c.At, context, withZone: false)),
                Text.Get("Alert_GatewaySilentText", Gateways.Name(c.Phone), When(c.At, context)) + "\n"
                + Text.Get("Alert_WhatToDo", Hint(c, context)), [c], context);
        }
        var who = Who(c);
        var title = c.Kind switch
        {
            ChangeKind.Silent => Text.Get("Alert_Silent", who, When(c.At, context, withZone: false)),
            ChangeKind.Disconnected => Text.Get("Alert_Disconnected", who),
            ChangeKind.Banned => Text.Get("Alert_Banned", who),
            ChangeKind.AtRisk => Text.Get("Alert_AtRisk", who, Words.DaysLeft(c.DaysUntilExpiry)),
            ChangeKind.Expired => Text.Get("Alert_Expired", who, context.ExpiryDays),
            _ => Text.Get("Alert_Back", who),
        };

        var text = new StringBuilder();
        if (c.Kind is ChangeKind.Disconnected or ChangeKind.Banned)
        {
            text.AppendLine(Text.Get("Alert_Reason", Words.Reason(c.ReasonCategory)) + (string.IsNullOrWhiteSpace(c.Reason) ? "" : $" (\"{c.Reason}\")"));
            text.AppendLine(Text.Get("Alert_Since", When(c.At, context)));
        }
        if (c.Kind == ChangeKind.Reconnected)
        {
            text.AppendLine(c.OutageStartedAt is { } start
                ? Text.Get("Alert_BackSinceAfter", When(c.At, context), (c.At - start).Humanize(2, CultureInfo.CurrentUICulture, minUnit: Humanizer.TimeUnit.Minute))
                : Text.Get("Alert_BackSince", When(c.At, context)));
            if (c.Flaps > 0) text.AppendLine(Text.Get("Alert_Flaps", c.Flaps + 1));
        }
        if (c.Client is not null) text.AppendLine(Text.Get("Alert_Client", c.Client));
        if (Hint(c, context) is { } hint) text.AppendLine(Text.Get("Alert_WhatToDo", hint));
        if (Link(c.Phone, context) is { } link) text.AppendLine(link);

        return Message(c.Kind.ToWire(), title, text.ToString().TrimEnd(), [c], context);
    }

    private static AlertMessage Incident(IReadOnlyList<Transition> drops, bool continues, MessageContext context)
    {
        var since = drops.Min(c => c.At);
        var title = continues
            ? Text.Get(drops.Count == 1 ? "Alert_IncidentContinuesOne" : "Alert_IncidentContinues", drops.Count)
            : Text.Get("Alert_Incident", Count(drops.Count), When(since, context, withZone: false));
        var text = new StringBuilder();
        if (!continues)
        {
            text.AppendLine(Text.Get("Alert_IncidentText"));
        }
        AppendLines(text, drops, c => $"{Who(c)} — {Words.Reason(c.ReasonCategory)}, {When(c.At, context, withZone: false)}");
        return Message("incident", title, text.ToString().TrimEnd(), drops, context);
    }

    private static AlertMessage Grouped(ChangeKind kind, IReadOnlyList<Transition> changes, MessageContext context)
    {
        var title = kind switch
        {
            ChangeKind.Reconnected => Text.Get("Alert_GroupBack", Count(changes.Count)),
            ChangeKind.Expired => Text.Get("Alert_GroupExpired", Count(changes.Count), context.ExpiryDays),
            ChangeKind.Silent => Text.Get("Alert_GroupSilent", Count(changes.Count)),
            _ => Text.Get("Alert_GroupAtRisk", Count(changes.Count)),
        };
        var text = new StringBuilder();
        AppendLines(text, changes, c => kind == ChangeKind.AtRisk ? $"{Who(c)} — {Words.DaysLeft(c.DaysUntilExpiry)}" : Who(c));
        return Message(kind.ToWire(), title, text.ToString().TrimEnd(), changes, context);
    }

    private static AlertMessage Digest(IReadOnlyList<PendingAlert> pending, MessageContext context)
    {
        var byNumber = pending.OrderBy(p => p.Change.At).ThenBy(p => p.Id).GroupBy(p => p.Change.Phone).ToList();
        var text = new StringBuilder();
        text.AppendLine(Text.Get("Alert_DigestHeld", When(pending.Min(p => p.Change.At), context, withZone: false), When(context.Now, context)));
        AppendLines(text, byNumber, g => $"{Who(g.First().Change)}: " + string.Join(" → ",
            g.Select(p => $"{When(p.Change.At, context, withZone: false)} {Verb(p.Change, context)}")));
        var changes = pending.OrderBy(p => p.Change.At).ThenBy(p => p.Id).Select(p => p.Change).ToList();
        return Message("digest", Text.Get("Alert_Digest", Count(byNumber.Count)), text.ToString().TrimEnd(), changes, context);
    }

    /// <summary>The message a channel's "send test" button sends.</summary>
    public static AlertMessage Test(string channel, MessageContext context)
    {
        using var language = new CultureScope(context.Culture);
        return Message("test", Text.Get("Alert_TestTitle"), Text.Get("Alert_TestText", channel, When(context.Now, context)), [], context);
    }

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
        if (items.Count > MaxLines) text.AppendLine(Text.Get("Alert_More", items.Count - MaxLines));
    }

    private static string Who(Transition c) =>
        c.AccountName is { Length: > 0 } name ? $"{name} ({Phones.Display(c.Phone)})" : Phones.Display(c.Phone);

    private static string Count(int numbers) => numbers == 1 ? Text.Get("Alert_OneNumber") : Text.Get("Alert_Numbers", numbers);

    private static string Verb(Transition c, MessageContext context) => c.Kind switch
    {
        ChangeKind.Disconnected => $"{Text.Get("Change_Disconnected")} — {Words.Reason(c.ReasonCategory)}",
        ChangeKind.Banned => Text.Get("Change_Banned"),
        ChangeKind.AtRisk => $"{Text.Get("Change_AtRisk")} ({Words.DaysLeft(c.DaysUntilExpiry)})",
        ChangeKind.Expired => Text.Get("Alert_VerbExpired", context.ExpiryDays),
        ChangeKind.Silent => Text.Get("Change_Silent"),
        ChangeKind.GatewaySilent => Text.Get("Alert_VerbGatewaySilent"),
        _ => Text.Get("Alert_VerbBack"),
    };

    private static string? Hint(Transition c, MessageContext context) => c.Kind switch
    {
        ChangeKind.AtRisk => Text.Get("Hint_AtRisk", context.ExpiryDays),
        ChangeKind.Expired => Text.Get("Hint_Expired", Words.Days(context.ExpiryDays)),
        ChangeKind.Reconnected => null,
        ChangeKind.Silent => Text.Get("Hint_Silent"),
        ChangeKind.GatewaySilent => Text.Get("Hint_GatewaySilent"),
        _ => c.ReasonCategory switch
        {
            ReasonCategory.PhoneOffline => Text.Get("Hint_PhoneOffline"),
            ReasonCategory.SlotReused => Text.Get("Hint_SlotReused"),
            ReasonCategory.Banned => Text.Get("Hint_Banned"),
            ReasonCategory.LoggedOut => Text.Get("Hint_LoggedOut"),
            ReasonCategory.DeviceChanged => Text.Get("Hint_DeviceChanged"),
            ReasonCategory.AppUpdate => Text.Get("Hint_AppUpdate"),
            _ => Text.Get("Hint_Unknown"),
        },
    };

    private static string When(DateTimeOffset at, MessageContext context, bool withZone = true)
    {
        var local = TimeZoneInfo.ConvertTime(at, context.Zone);
        var text = local.ToString("d MMM HH:mm", CultureInfo.CurrentCulture);
        return withZone ? $"{text} (UTC{local:zzz})" : text;
    }

    private static string? Link(string phone, MessageContext context) =>
        string.IsNullOrWhiteSpace(context.DashboardUrl) ? null
            : $"{context.DashboardUrl.TrimEnd('/')}/numbers/{Uri.EscapeDataString(phone)}";

    private static JsonSerializerOptions CreateJson()
    {
        // People read these bodies in Zapier, HighLevel or n8n: "+6281…" and "José" plainly, not \u002B6281….
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        WireNames.Configure(options);
        return options;
    }
}
