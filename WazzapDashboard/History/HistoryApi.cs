using Microsoft.AspNetCore.Http.HttpResults;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.History;

public sealed record AcknowledgeRequest(string? By);

public sealed record NoteRequest(string? By, string? Text);

/// <summary>Incidents (acknowledge, notes) and the history export of one number.</summary>
public static class HistoryApi
{
    public static void AddHistory(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HistoryQueries>();
        builder.Services.AddSingleton<Incidents>();
    }

    public static void MapHistoryApi(this IEndpointRouteBuilder app)
    {
        var number = app.MapGroup("/api/numbers/{phone}");

        number.MapPost("/acknowledge", Results<Ok<NumberView>, ProblemHttpResult> (string phone, AcknowledgeRequest? body, Incidents incidents) =>
        {
            if (FleetApi.Normalise(phone) is not { } e164) return FleetApi.BadPhone(phone);
            if (Incidents.CheckName(body?.By) is { } error) return Invalid(error);
            return incidents.Acknowledge(e164, body!.By!) switch
            {
                (AcknowledgeOutcome.Acknowledged, { } view) => TypedResults.Ok(view),
                (AcknowledgeOutcome.NothingToAcknowledge, _) => TypedResults.Problem(
                    $"{e164} is connected: there is no outage to acknowledge.", statusCode: 409, title: "Nothing to acknowledge"),
                _ => FleetApi.NotFound(e164),
            };
        });

        number.MapDelete("/acknowledge", Results<NoContent, ProblemHttpResult> (string phone, Incidents incidents) =>
            FleetApi.Normalise(phone) is not { } e164 ? FleetApi.BadPhone(phone)
            : incidents.Withdraw(e164) is null ? FleetApi.NotFound(e164)
            : TypedResults.NoContent());

        number.MapGet("/notes", Results<Ok<IReadOnlyList<IncidentNote>>, ProblemHttpResult> (string phone, FleetQueries fleet, Incidents incidents) =>
            FleetApi.Normalise(phone) is not { } e164 ? FleetApi.BadPhone(phone)
            : fleet.Find(e164) is null ? FleetApi.NotFound(e164)
            : TypedResults.Ok(incidents.Notes(e164)));

        number.MapPost("/notes", Results<Created<IncidentNote>, ProblemHttpResult> (string phone, NoteRequest? body, FleetQueries fleet, Incidents incidents) =>
        {
            if (FleetApi.Normalise(phone) is not { } e164) return FleetApi.BadPhone(phone);
            if ((Incidents.CheckName(body?.By) ?? Incidents.CheckNote(body?.Text)) is { } error) return Invalid(error);
            if (fleet.Find(e164) is null) return FleetApi.NotFound(e164);
            var note = incidents.AddNote(e164, body!.By!, body.Text!);
            return TypedResults.Created($"/api/numbers/{Uri.EscapeDataString(e164)}/notes", note);
        });

        // Streamed: rows go out as they are read, so a long history needs no memory and starts at once.
        number.MapGet("/events.csv", Results<PushStreamHttpResult, ProblemHttpResult> (string phone, FleetQueries fleet, HistoryQueries history, HttpContext http) =>
        {
            if (FleetApi.Normalise(phone) is not { } e164) return FleetApi.BadPhone(phone);
            if (fleet.Find(e164) is null) return FleetApi.NotFound(e164);
            return TypedResults.Stream(
                stream => EventsCsv.Write(history.Export(e164), stream, http.RequestAborted),
                "text/csv; charset=utf-8",
                $"{e164}-events.csv");
        });
    }

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(detail, statusCode: 400, title: "Invalid request");
}
