using Microsoft.AspNetCore.Http.HttpResults;

namespace WazzapDashboard.Fleet;

/// <summary>The read API used by the grid, the wall and scripts.</summary>
public static class FleetApi
{
    public static void AddFleet(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FleetOptions>().BindConfiguration("Fleet").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<FleetQueries>();
        builder.Services.ConfigureHttpJsonOptions(o => WireNames.Configure(o.SerializerOptions));
    }

    public static void MapFleetApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/numbers");

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
    }

    internal static string? Normalise(string phone) => Phones.Normalise(Uri.UnescapeDataString(phone))?.E164;

    internal static ProblemHttpResult BadPhone(string phone) =>
        TypedResults.Problem($"'{phone}' is not a phone number in international form.", statusCode: 400, title: "Invalid phone number");

    internal static ProblemHttpResult NotFound(string phone) =>
        TypedResults.Problem($"No number {phone} is known.", statusCode: 404, title: "Unknown number");
}
