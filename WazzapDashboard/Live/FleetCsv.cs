using CsvHelper;
using WazzapDashboard.Access;
using WazzapDashboard.Fleet;
using WazzapDashboard.Localization;

namespace WazzapDashboard.Live;

/// <summary>
/// <c>GET /api/numbers.csv?client=&amp;status=&amp;q=</c>: the grid's current view (same filter, same
/// order, worst first) for a spreadsheet, from the shared snapshot. Times are ISO-8601 UTC; one more column
/// gives the status change in the reader's zone, named in its header.
/// </summary>
public static class FleetCsv
{
    public static string[] Header(TimeZoneInfo zone) =>
        ["phone", "health", "status", "reason_category", "reason", "client", "account_name", "label", "owner", "country",
         "runs_campaign", "days_until_expiry", "status_changed_at", new Viewer(zone).Column("status_changed_at"),
         "last_event_at", "phone_last_seen_at", "on_it", "on_it_since"];

    public static async Task Write(IEnumerable<NumberView> numbers, TimeZoneInfo zone, Stream destination, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(destination, new CsvWriterOptions(), leaveOpen: true);
        csv.WriteHeader(Header(zone));
        var viewer = new Viewer(zone);
        foreach (var n in numbers)
        {
            // Opened in spreadsheets: free text starting with = + - @ goes out after a ' (as the roster's CSV);
            // the phone is E.164, "+" and digits, which a spreadsheet cannot run.
            csv.WriteField(n.Phone);
            csv.WriteField(HealthRules.Of(n).ToWire());
            csv.WriteField(n.Status.ToWire());
            csv.WriteField(n.ReasonCategory?.ToWire());
            csv.WriteField(RosterCsv.Escape(n.Reason));
            csv.WriteField(RosterCsv.Escape(n.Client));
            csv.WriteField(RosterCsv.Escape(n.AccountName));
            csv.WriteField(RosterCsv.Escape(n.Label));
            csv.WriteField(RosterCsv.Escape(n.Owner));
            csv.WriteField(n.Country);
            csv.WriteField(n.RunsCampaign ? "true" : "false");
            csv.WriteField(n.DaysUntilExpiry?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            WriteTime(csv, n.StatusChangedAt);
            csv.WriteField(n.StatusChangedAt is { } changed ? viewer.Spreadsheet(changed) : null);
            WriteTime(csv, n.LastEventAt);
            WriteTime(csv, n.PhoneLastSeenAt);
            csv.WriteField(RosterCsv.Escape(n.AcknowledgedBy));
            WriteTime(csv, n.AcknowledgedAt);
            await csv.EndRecordAsync(cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }

    private static void WriteTime(CsvWriter csv, DateTimeOffset? at)
    {
        if (at is { } t) csv.WriteField(t.ToUniversalTime(), "O");
        else csv.WriteField((string?)null);
    }

    public static void MapFleetCsv(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/numbers.csv", (string? client, string? status, string? q, LiveSnapshot live, HttpContext http) =>
            TypedResults.Stream(
                stream => Write(FleetFilter.From(client, status, q).Apply(live.Current.WorstFirst), ViewerChoices.ViewerOf(http).Zone, stream, http.RequestAborted),
                "text/csv; charset=utf-8",
                "numbers.csv"))
            .RequireAuthorization(Access.Policies.Read);
}
