using WazzapDashboard.Localization;

namespace WazzapDashboard.Fleet;

public enum MessageKind { Sent, Delivered, Read, Received, Failed }

/// <summary>
/// Message activity is counted per number and hour at ingest (table <c>message_counts</c>), so it
/// outlives the raw message rows, which are kept for <c>History:RawPayloadDays</c> only.
///
/// | event type        | counted as |
/// |-------------------|------------|
/// | message.sent      | sent       |
/// | message.delivered | delivered  |
/// | message.read      | read       |
/// | message.received  | received   |
/// | message.failed    | failed     |
/// | other message.*   | not counted (raw row only) |
/// </summary>
public static class MessageCounts
{
    public const string TypePrefix = "message.";

    public static MessageKind? Kind(string eventType) => eventType.Trim().ToLowerInvariant() switch
    {
        "message.sent" => MessageKind.Sent,
        "message.delivered" => MessageKind.Delivered,
        "message.read" => MessageKind.Read,
        "message.received" => MessageKind.Received,
        "message.failed" => MessageKind.Failed,
        _ => null,
    };

    public static bool IsMessage(string eventType) => eventType.StartsWith(TypePrefix, StringComparison.Ordinal);

    /// <summary>The start of the UTC hour <paramref name="at"/> falls in.</summary>
    public static DateTimeOffset HourStart(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}

/// <summary>One number's messages in one hour, from the counters.</summary>
public sealed record MessageActivity(DateTimeOffset HourStart, int Sent, int Delivered, int Read, int Received, int Failed)
{
    public DateTimeOffset HourEnd => HourStart.AddHours(1);

    public int Total => Sent + Delivered + Read + Received + Failed;

    /// <summary>"142 sent, 3 failed": the non-zero counts, in a fixed order, in the reader's language.</summary>
    public string Describe() => string.Join(", ", new[]
    {
        (Sent, "Count_Sent"), (Delivered, "Count_Delivered"), (Read, "Count_Read"), (Received, "Count_Received"), (Failed, "Count_Failed"),
    }.Where(c => c.Item1 > 0).Select(c => Text.Get(c.Item2, c.Item1)));
}
