using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using WazzapDashboard.Access;

namespace WazzapDashboard.Fleet;

/// <summary>The fleet's API: the reads used by the grid, the wall and scripts; the roster; manual confirmations.</summary>
public static class FleetApi
{
    /// <summary>Roster files are small (5,000 numbers is about half a megabyte).</summary>
    public const int MaxRosterBytes = 8 * 1024 * 1024;

    public static void AddFleet(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FleetOptions>().BindConfiguration("Fleet").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<FleetQueries>();
        builder.Services.AddSingleton<FleetActions>();
        builder.Services.AddHostedService<RiskMonitor>();
        builder.Services.ConfigureHttpJsonOptions(o => WireNames.Configure(o.SerializerOptions));
        // An unreadable JSON body is the caller's mistake: 400 (problem+json via the status code pages)
        // in every environment, not an exception that Development would turn into a 500.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
    }

    public static void MapFleetApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/numbers").RequireAuthorization(Policies.Read);

        api.MapGet("/", (FleetQueries fleet) => TypedResults.Ok(fleet.All()));

        api.MapGet("/{phone}", Results<Ok<NumberView>, ProblemHttpResult> (string phone, FleetQueries fleet) =>
            Normalise(phone) is not { } e164 ? BadPhone(phone)
            : fleet.Find(e164) is { } number ? TypedResults.Ok(number)
            : NotFound(e164));

        api.MapGet("/{phone}/events", Results<Ok<IReadOnlyList<EventView>>, ProblemHttpResult> (string phone, FleetQueries fleet, int? limit, long? before, string? type) =>
        {
            if (Normalise(phone) is not { } e164) return BadPhone(phone);
            if (fleet.Find(e164) is null) return NotFound(e164);
            if (limit is < 1 or > 1000) return TypedResults.Problem("limit must be between 1 and 1000.", statusCode: 400, title: "Invalid limit");
            return TypedResults.Ok(fleet.Events(e164, limit ?? 200, before, string.IsNullOrWhiteSpace(type) ? null : type.Trim()));
        });

        // Manual confirmations; the optional body says why: {"note": "..."}. Who is whoever is signed in.
        api.MapPost("/{phone}/check-in", async (string phone, Confirmation? body, ClaimsPrincipal user, FleetActions actions, HttpResponse response) =>
            Answer(await actions.CheckIn(Unescape(phone), By(user, body)), response, TypedResults.Ok))
            .RequireAuthorization(Policies.Support);

        api.MapPost("/{phone}/reconnected", async (string phone, Confirmation? body, ClaimsPrincipal user, FleetActions actions, HttpResponse response) =>
            Answer(await actions.Reconnected(Unescape(phone), By(user, body)), response, TypedResults.Ok))
            .RequireAuthorization(Policies.Support);

        // The roster.
        api.MapPost("/", async (NewNumber body, FleetActions actions, HttpResponse response) =>
            Answer(await actions.Add(body.Phone ?? "", body.Entry), response,
                number => TypedResults.Created($"/api/numbers/{Uri.EscapeDataString(number.Phone)}", number)))
            .RequireAuthorization(Policies.Support);

        api.MapPut("/{phone}", async (string phone, RosterEntry body, FleetActions actions, HttpResponse response) =>
            Answer(await actions.Edit(Unescape(phone), body), response, TypedResults.Ok))
            .RequireAuthorization(Policies.Support);

        api.MapDelete("/{phone}", async (string phone, bool? purge, ClaimsPrincipal user, FleetActions actions, HttpResponse response) =>
        {
            // Removing keeps the history; purging it is an admin's call.
            if (purge == true && !user.IsInRole(Roles.Admin))
            {
                return TypedResults.Problem("Only an admin may purge a number's history.", statusCode: 403, title: "Forbidden");
            }
            var result = purge == true ? await actions.Purge(Unescape(phone)) : await actions.Remove(Unescape(phone));
            return Answer(result, response, _ => TypedResults.NoContent());
        }).RequireAuthorization(Policies.Support);

        app.MapGet("/api/roster.csv", (FleetActions actions) =>
            TypedResults.File(actions.Export(), "text/csv; charset=utf-8", "roster.csv"))
            .RequireAuthorization(Policies.Read);

        app.MapPost("/api/roster", async (HttpRequest request, FleetActions actions, HttpResponse response) =>
        {
            if (request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() is not ("text/csv" or "application/csv" or "text/plain"))
            {
                return TypedResults.Problem("Send the roster as text/csv.", statusCode: 415, title: "Unsupported media type");
            }
            if (await ReadText(request) is not { } csv)
            {
                return TypedResults.Problem($"Roster files are limited to {MaxRosterBytes / 1024 / 1024} MiB.", statusCode: 413, title: "Payload too large");
            }

            var result = await actions.Import(csv);
            return result.Outcome switch
            {
                ActionOutcome.Done => TypedResults.Ok(new { result.Added, result.Updated, result.Unchanged }),
                ActionOutcome.Busy => Busy(response),
                _ => TypedResults.Problem(
                    $"The file has {result.Problems.Count} problem(s); nothing was imported. Fix them and send the whole file again.",
                    statusCode: 400, title: "Invalid roster file",
                    extensions: new Dictionary<string, object?> { ["errors"] = result.Problems }),
            };
        }).RequireAuthorization(Policies.Admin);
    }

    /// <summary>
    /// A confirmation is recorded under the signed-in user's name. A script calling with an API key may name
    /// the person it acts for in <c>by</c>; otherwise the key's own name is recorded.
    /// </summary>
    private static Confirmation By(ClaimsPrincipal user, Confirmation? body)
    {
        body ??= new Confirmation();
        return body with { By = Who(user, body.By) };
    }

    /// <summary>Who acts: the signed-in name, or the person an API-key caller names in <paramref name="by"/>.</summary>
    internal static string? Who(ClaimsPrincipal user, string? by)
    {
        var viaKey = user.Identity?.AuthenticationType == ApiKeyHandler.SchemeName;
        return viaKey && !string.IsNullOrWhiteSpace(by) ? by : user.Identity?.Name;
    }

    /// <summary>The HTTP answer for an action: <paramref name="success"/>, or the problem that stopped it.</summary>
    internal static IResult Answer(ActionResult result, HttpResponse response, Func<NumberView, IResult> success) => result.Outcome switch
    {
        ActionOutcome.Done => success(result.Number!),
        ActionOutcome.InvalidPhone => TypedResults.Problem(result.Problem, statusCode: 400, title: "Invalid phone number"),
        ActionOutcome.Invalid => TypedResults.Problem(result.Problem, statusCode: 400, title: "Invalid request"),
        ActionOutcome.NotFound => TypedResults.Problem(result.Problem, statusCode: 404, title: "Unknown number"),
        ActionOutcome.AlreadyOnRoster => TypedResults.Problem(
            $"{result.Number!.Phone} is already on the roster: edit it with PUT /api/numbers/{{phone}}.", statusCode: 409, title: "Already on the roster"),
        ActionOutcome.Conflict => TypedResults.Problem(result.Problem, statusCode: 409, title: "Conflict"),
        _ => Busy(response),
    };

    private static IResult Busy(HttpResponse response)
    {
        response.Headers.RetryAfter = "5";
        return TypedResults.Problem("The write queue is full; retry shortly.", statusCode: 503, title: "Busy");
    }

    /// <summary>The body as text, or null when it is over <see cref="MaxRosterBytes"/>.</summary>
    private static async Task<string?> ReadText(HttpRequest request) =>
        await RequestBody.ReadAsync(request, MaxRosterBytes) is { } body ? new UTF8Encoding(false).GetString(body) : null;

    internal static string Unescape(string phone) => Uri.UnescapeDataString(phone);

    internal static string? Normalise(string phone) => Phones.Normalise(Unescape(phone))?.E164;

    internal static ProblemHttpResult BadPhone(string phone) =>
        TypedResults.Problem($"'{phone}' is not a phone number in international form.", statusCode: 400, title: "Invalid phone number");

    internal static ProblemHttpResult NotFound(string phone) =>
        TypedResults.Problem($"No number {phone} is known.", statusCode: 404, title: "Unknown number");
}
