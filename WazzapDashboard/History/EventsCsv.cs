using CsvHelper;
using WazzapDashboard.Localization;

namespace WazzapDashboard.History;

/// <summary>
/// A number's history as CSV, one event a row, written as it is read. Times are ISO-8601 UTC; one more
/// column gives the event's time in the reader's zone, named in its header.
/// </summary>
public static class EventsCsv
{
    public static string[] Header(TimeZoneInfo zone) =>
        ["occurred_at", new Viewer(zone).Column("occurred_at"), "event_type", "status", "reason_category", "reason", "source", "received_at", "claimed_at", "id", "payload"];

    // Support staff open exports in spreadsheets: a reason or payload starting with = + - @ stays text.
    private static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape };

    public static async Task Write(IEnumerable<EventExport> events, TimeZoneInfo zone, Stream destination, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        csv.WriteHeader(Header(zone));
        var viewer = new Viewer(zone);
        foreach (var e in events)
        {
            csv.WriteField(e.OccurredAt.ToUniversalTime(), "O");
            csv.WriteField(viewer.Spreadsheet(e.OccurredAt));
            csv.WriteField(e.EventType);
            csv.WriteField(e.Status);
            csv.WriteField(e.ReasonCategory);
            csv.WriteField(e.Reason);
            csv.WriteField(e.Source);
            csv.WriteField(e.ReceivedAt.ToUniversalTime(), "O");
            // Set only when the sender's time lay too far in the future; occurred_at is then the receipt.
            if (e.ClaimedAt is { } claimed) csv.WriteField(claimed.ToUniversalTime(), "O"); else csv.WriteField("");
            csv.WriteField(e.Id, "");
            csv.WriteField(e.Payload);
            await csv.EndRecordAsync(cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }
}
