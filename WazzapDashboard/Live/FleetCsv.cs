using CsvHelper;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.Live;

/// <summary>
/// <c>GET /api/numbers.csv?client=&amp;status=&amp;q=</c>: the grid's current view (same filter, same
/// order, worst first) for a spreadsheet, from the shared snapshot.
/// </summary>
public static class FleetCsv
{
    public static readonly string[] Header =
        ["phone", "health", "status", "reason_category", "reason", "client", "account_name", "label", "owner", "country",
         "runs_campaign", "days_until_expiry", "status_changed_at", "last_event_at", "phone_last_seen_at", "on_it", "on_it_since"];

    // Opened in spreadsheets: a name or reason starting with = + - @ stays text.
    private static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape };

    public static async Task Write(IEnumerable<NumberView> numbers, Stream destination, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        csv.WriteHeader(Header);
        foreach (var n in numbers)
        {
            csv.WriteField(n.Phone);
            csv.WriteField(HealthRules.Of(n).ToWire());
            csv.WriteField(n.Status.ToWire());
            csv.WriteField(n.ReasonCategory?.ToWire());
            csv.WriteField(n.Reason);
            csv.WriteField(n.Client);
            csv.WriteField(n.AccountName);
            csv.WriteField(n.Label);
            csv.WriteField(n.Owner);
            csv.WriteField(n.Country);
            csv.WriteField(n.RunsCampaign ? "true" : "false");
            csv.WriteField(n.DaysUntilExpiry?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            WriteTime(csv, n.StatusChangedAt);
            WriteTime(csv, n.LastEventAt);
            WriteTime(csv, n.PhoneLastSeenAt);
            csv.WriteField(n.AcknowledgedBy);
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
                stream => Write(FleetFilter.From(client, status, q).Apply(live.Current.WorstFirst), stream, http.RequestAborted),
                "text/csv; charset=utf-8",
                "numbers.csv"))
            .RequireAuthorization(Access.Policies.Read);
}
