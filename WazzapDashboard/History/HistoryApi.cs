using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WazzapDashboard.Access;
using WazzapDashboard.Fleet;

namespace WazzapDashboard.History;

/// <summary>The optional body of acknowledge; only an API-key caller may name who it acts for.</summary>
public sealed record AcknowledgeRequest(string? By = null);

public sealed record NoteRequest(string? Text, string? By = null);

/// <summary>Incidents (acknowledge, notes) and the history export of one number.</summary>
public static class HistoryApi
{
    public static void AddHistory(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HistoryQueries>();
        builder.Services.AddSingleton<Incidents>();
        builder.AddRetention();
    }

    public static void MapHistoryApi(this IEndpointRouteBuilder app)
    {
        app.MapStorageApi();
        var number = app.MapGroup("/api/numbers/{phone}").RequireAuthorization(Policies.Read);

        number.MapPost("/acknowledge", async (string phone, AcknowledgeRequest? body, ClaimsPrincipal user, Incidents incidents, HttpResponse response) =>
            FleetApi.Answer(await incidents.Acknowledge(FleetApi.Unescape(phone), FleetApi.Who(user, body?.By)), response, TypedResults.Ok))
            .RequireAuthorization(Policies.Support);

        number.MapDelete("/acknowledge", async (string phone, Incidents incidents, HttpResponse response) =>
            FleetApi.Answer(await incidents.Withdraw(FleetApi.Unescape(phone)), response, _ => TypedResults.NoContent()))
            .RequireAuthorization(Policies.Support);

        number.MapGet("/notes", Results<Ok<IReadOnlyList<IncidentNote>>, ProblemHttpResult> (string phone, FleetQueries fleet, Incidents incidents) =>
            FleetApi.Normalise(phone) is not { } e164 ? FleetApi.BadPhone(phone)
            : fleet.Find(e164) is null ? FleetApi.NotFound(e164)
            : TypedResults.Ok(incidents.Notes(e164)));

        number.MapPost("/notes", async (string phone, NoteRequest? body, ClaimsPrincipal user, Incidents incidents, HttpResponse response) =>
        {
            var (result, note) = await incidents.AddNote(FleetApi.Unescape(phone), FleetApi.Who(user, body?.By), body?.Text);
            return FleetApi.Answer(result, response, n => TypedResults.Created($"/api/numbers/{Uri.EscapeDataString(n.Phone)}/notes", note));
        }).RequireAuthorization(Policies.Support);

        // Streamed: rows go out as they are read, so a long history needs no memory and starts at once.
        number.MapGet("/events.csv", Results<PushStreamHttpResult, ProblemHttpResult> (string phone, FleetQueries fleet, HistoryQueries history, HttpContext http) =>
        {
            if (FleetApi.Normalise(phone) is not { } e164) return FleetApi.BadPhone(phone);
            if (fleet.Find(e164) is null) return FleetApi.NotFound(e164);
            return TypedResults.Stream(
                stream => EventsCsv.Write(history.Export(e164), ViewerChoices.ViewerOf(http).Zone, stream, http.RequestAborted),
                "text/csv; charset=utf-8",
                $"{e164}-events.csv");
        });
    }
}
