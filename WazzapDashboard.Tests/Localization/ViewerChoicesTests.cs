using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WazzapDashboard.Access;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Localization;

/// <summary>Who decides the language and the zone: the wall link, the address, the profile, the browser (see ViewerChoices).</summary>
public class ViewerChoicesTests
{
    // The fake clock stands at 2026-05-15 12:00 UTC: 06:00 in Mexico City, 19:00 in Jakarta.

    /// <summary>A wall link made in Spanish for Mexico City; its secret.</summary>
    private static string MexicoCityWall(WazzapApplication app) => app.Services.GetRequiredService<AccessKeyStore>()
        .Create(KeyKind.Wall, "Ops TV", false, null, "admin", "es", "America/Mexico_City").Secret;

    [Fact]
    public async Task AWallLinkShowsTheWallInItsLanguageAndZone()
    {
        await using var app = new WazzapApplication();
        var secret = MexicoCityWall(app);
        var tv = app.CreateAnonymousClient();

        var wall = await tv.GetStringAsync($"/wall?key={secret}");

        Assert.Contains("<html lang=\"es\"", wall);
        Assert.Contains("pantalla de la flota", wall);
        Assert.Contains("data-zone=\"America/Mexico_City\">06:00</div>", wall);

        // The link's cookie alone keeps both on the next visit.
        var again = await tv.GetStringAsync("/wall");
        Assert.Contains("pantalla de la flota", again);
        Assert.Contains(">06:00</div>", again);
    }

    [Fact]
    public async Task TheAddressOverridesTheWallLinkForTheSession()
    {
        await using var app = new WazzapApplication();
        var secret = MexicoCityWall(app);
        var tv = app.CreateAnonymousClient();

        var wall = await tv.GetStringAsync($"/wall?key={secret}&lang=pt-BR&tz=Asia/Jakarta");
        Assert.Contains("painel da frota", wall);
        Assert.Contains("data-zone=\"Asia/Jakarta\">19:00</div>", wall);

        var again = await tv.GetStringAsync("/wall");
        Assert.Contains("painel da frota", again);
        Assert.Contains(">19:00</div>", again);

        // An empty value drops the override: the link's own choice is back.
        var cleared = await tv.GetStringAsync("/wall?lang=&tz=");
        Assert.Contains("pantalla de la flota", cleared);
        Assert.Contains(">06:00</div>", cleared);
    }

    [Fact]
    public async Task TheBrowsersLanguageDecidesUntilTheProfileDoes()
    {
        await using var app = new WazzapApplication();
        var users = app.Services.GetRequiredService<UserStore>();
        var user = users.Create("ana", "a-long-password", Roles.Viewer)!;
        var client = app.CreateAnonymousClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es-MX,es;q=0.9");
        await SignIn.As(client, "ana", "a-long-password");

        var fleet = await client.GetStringAsync("/");
        Assert.Contains("<html lang=\"es\"", fleet);
        Assert.Contains("Todos los clientes", fleet);
        Assert.Contains("Lo que ves puede estar desactualizado", fleet); // the reconnect overlay, rendered with the page

        users.SetPreferences(user.Id, "pt-BR", "America/Sao_Paulo");
        var profile = await client.GetStringAsync("/profile");
        Assert.Contains("<html lang=\"pt-BR\"", profile);
        Assert.Contains("Agora em America/Sao_Paulo (UTC-03:00): 15 mai. 2026, 09:00", profile);
    }

    [Fact]
    public async Task TheApiStaysEnglishWhateverTheBrowserSays()
    {
        await using var app = new WazzapApplication();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es-MX");

        var answer = await client.PostAsJsonAsync("/api/numbers", new { phone = "" });

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("phone is required.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TheEventExportAddsTheViewersZoneAndNamesIt()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.WazzapiDisconnected);
        var client = app.CreateClient();

        var csv = await client.GetStringAsync("/api/numbers/+6281234567890/events.csv?tz=America/Mexico_City");

        var lines = csv.Split("\r\n");
        Assert.StartsWith("occurred_at,occurred_at_local (America/Mexico_City),event_type", lines[0]);
        var utc = DateTimeOffset.Parse(lines[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(utc.AddHours(-6).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), lines[1].Split(',')[1]);
    }
}
