using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Fleet;

public class RosterImportTests
{
    private static StringContent Csv(string text, string mediaType = "text/csv") => new(text, Encoding.UTF8, mediaType);

    [Fact]
    public async Task ARosterSurvivesAnExportAndImportRoundTrip()
    {
        await using var source = new WazzapApplication();
        var imported = await source.CreateClient().PostAsync("/api/roster", Csv(Fixtures.Read("roster/roster.csv")));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var exported = await source.CreateClient().GetAsync("/api/roster.csv");
        Assert.Equal("text/csv", exported.Content.Headers.ContentType?.MediaType);
        Assert.Equal("roster.csv", exported.Content.Headers.ContentDisposition?.FileName);
        var file = await exported.Content.ReadAsByteArrayAsync();

        await using var target = new WazzapApplication();
        var response = await target.CreateClient().PostAsync("/api/roster", new ByteArrayContent(file) { Headers = { { "Content-Type", "text/csv" } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(file, await target.CreateClient().GetByteArrayAsync("/api/roster.csv"));
        var numbers = (await target.CreateClient().GetFromJsonAsync<JsonElement[]>("/api/numbers"))!;
        Assert.Equal(4, numbers.Length);
        var cafe = numbers.Single(n => n.GetProperty("phone").GetString() == "+5215512345678");
        Assert.Equal(("Café Olé", "Front desk", "José", "Keep charged.\r\nCall José first.", "unknown"),
            (cafe.GetProperty("client").GetString(), cafe.GetProperty("label").GetString(), cafe.GetProperty("owner").GetString(),
             cafe.GetProperty("notes").GetString(), cafe.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task CellsASpreadsheetWouldRunAreExportedAsTextAndImportBackUnchanged()
    {
        await using var source = new WazzapApplication();
        var entries = new[]
        {
            new { phone = "+6281234567890", client = "=1+1", label = "+62 812-3456-7891 (backup)", owner = "-Ana-", notes = "+6281234567891 takes over on Sundays" },
            new { phone = "+6281111111111", client = "@Acme", label = "'=not a formula either", owner = "'Tis Budi", notes = "=HYPERLINK(\"http://evil.example\")" },
        };
        foreach (var entry in entries)
        {
            Assert.Equal(HttpStatusCode.Created, (await source.CreateClient().PostAsJsonAsync("/api/numbers", entry)).StatusCode);
        }

        var file = await source.CreateClient().GetByteArrayAsync("/api/roster.csv");
        var text = Encoding.UTF8.GetString(file);
        Assert.DoesNotContain(",=", text);
        Assert.DoesNotContain(",+62", text);
        Assert.DoesNotContain(",@", text);
        Assert.DoesNotContain(",-", text);
        Assert.Contains(",'+6281234567891 takes over on Sundays", text);

        await using var target = new WazzapApplication();
        var response = await target.CreateClient().PostAsync("/api/roster", new ByteArrayContent(file) { Headers = { { "Content-Type", "text/csv" } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var numbers = (await target.CreateClient().GetFromJsonAsync<JsonElement[]>("/api/numbers"))!;
        Assert.Equal(
            entries.Select(e => (e.phone, e.client, e.label, e.owner, e.notes)).OrderBy(e => e.phone),
            numbers.Select(n => (n.GetProperty("phone").GetString()!, n.GetProperty("client").GetString()!, n.GetProperty("label").GetString()!,
                n.GetProperty("owner").GetString()!, n.GetProperty("notes").GetString()!)).OrderBy(e => e.Item1));
        Assert.Equal(file, await target.CreateClient().GetByteArrayAsync("/api/roster.csv"));
        // Importing the export again into the source changes nothing.
        var again = await (await source.CreateClient().PostAsync("/api/roster", new ByteArrayContent(file) { Headers = { { "Content-Type", "text/csv" } } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 0, 2), (again.GetProperty("added").GetInt32(), again.GetProperty("updated").GetInt32(), again.GetProperty("unchanged").GetInt32()));
    }

    [Fact]
    public async Task ImportSaysWhatItAddedAndUpdated()
    {
        await using var app = new WazzapApplication();
        await app.PostWazzapi(Fixtures.WazzapiConnected); // +6281234567890, not yet on the roster by name

        var response = await app.CreateClient().PostAsync("/api/roster", Csv(Fixtures.Read("roster/roster.csv")));
        var again = await app.CreateClient().PostAsync("/api/roster", Csv(Fixtures.Read("roster/roster.csv")));

        Assert.Equal((3, 1, 0), Summary(await response.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal((0, 0, 4), Summary(await again.Content.ReadFromJsonAsync<JsonElement>()));
        var number = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/numbers/+6281234567890");
        Assert.Equal("connected", number.GetProperty("status").GetString());
        Assert.Equal("Acme", number.GetProperty("client").GetString());
    }

    [Fact]
    public async Task ABadFileIsRejectedWithLineNumbersAndNothingIsImported()
    {
        await using var app = new WazzapApplication();
        await app.CreateClient().PostAsJsonAsync("/api/numbers", new { phone = "+6282222222222", client = "Before" });

        var response = await app.CreateClient().PostAsync("/api/roster", Csv(Fixtures.Read("roster/bad-roster.csv")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("nothing was imported", problem.GetProperty("detail").GetString());
        Assert.Equal([3, 4, 5, 6], problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt32()));
        Assert.Equal("phone is empty.", problem.GetProperty("errors")[2].GetProperty("reason").GetString());
        // The good lines (2 and 7, which would have changed this number) were not imported either.
        var number = Assert.Single((await app.CreateClient().GetFromJsonAsync<JsonElement[]>("/api/numbers"))!);
        Assert.Equal("Before", number.GetProperty("client").GetString());
    }

    [Fact]
    public async Task ImportReplacesTheFilesColumnsAndKeepsTheCampaignFlag()
    {
        await using var app = new WazzapApplication();
        await app.CreateClient().PostAsJsonAsync("/api/numbers", new { phone = "+6281234567890", client = "Old", owner = "Ana", runsCampaign = true });

        await app.CreateClient().PostAsync("/api/roster", Csv("phone,client,label,owner,notes\n6281234567890,New,,,\n"));

        var number = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/numbers/+6281234567890");
        Assert.Equal("New", number.GetProperty("client").GetString());
        Assert.Equal(JsonValueKind.Null, number.GetProperty("owner").ValueKind);
        Assert.True(number.GetProperty("runsCampaign").GetBoolean());
    }

    [Fact]
    public async Task ImportRestoresARemovedNumberAndLeavesUnlistedNumbersAlone()
    {
        await using var app = new WazzapApplication();
        var client = app.CreateClient();
        await client.PostAsJsonAsync("/api/numbers", new { phone = "+6281234567890" });
        await client.PostAsJsonAsync("/api/numbers", new { phone = "+6289999999999", client = "Unlisted" });
        await client.DeleteAsync("/api/numbers/+6281234567890");

        await client.PostAsync("/api/roster", Csv("phone,client,label,owner,notes\n+6281234567890,Acme,,,\n"));

        var numbers = (await client.GetFromJsonAsync<JsonElement[]>("/api/numbers"))!;
        Assert.Equal(["+6281234567890:Acme", "+6289999999999:Unlisted"],
            numbers.Select(n => $"{n.GetProperty("phone").GetString()}:{n.GetProperty("client").GetString()}").Order());
    }

    [Fact]
    public async Task ImportedChangesArePublishedOnTheChangeFeed()
    {
        await using var app = new WazzapApplication();
        using var feed = FeedRecorder.On(app);

        await app.CreateClient().PostAsync("/api/roster", Csv(Fixtures.Read("roster/roster.csv")));

        await feed.WaitFor(_ => feed.Views.Count == 4);
        Assert.Contains(feed.Views, v => v.Client == "Café Olé");
    }

    [Fact]
    public async Task ExportLeavesRemovedNumbersOut()
    {
        await using var app = new WazzapApplication();
        var client = app.CreateClient();
        await client.PostAsJsonAsync("/api/numbers", new { phone = "+6281234567890", client = "Acme" });
        await client.PostAsJsonAsync("/api/numbers", new { phone = "+6289999999999", client = "Gone" });
        await client.DeleteAsync("/api/numbers/+6289999999999");

        var csv = Encoding.UTF8.GetString(await client.GetByteArrayAsync("/api/roster.csv"));

        Assert.Equal("\uFEFFphone,client,label,owner,notes\r\n+6281234567890,Acme,,,\r\n", csv);
    }

    [Fact]
    public async Task ANonCsvBodyIs415()
    {
        await using var app = new WazzapApplication();

        var response = await app.CreateClient().PostAsync("/api/roster", Csv("{}", "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnEmptyFileIsRejected()
    {
        await using var app = new WazzapApplication();

        var response = await app.CreateClient().PostAsync("/api/roster", Csv(""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, problem.GetProperty("errors")[0].GetProperty("line").GetInt32());
    }

    private static (int, int, int) Summary(JsonElement result) =>
        (result.GetProperty("added").GetInt32(), result.GetProperty("updated").GetInt32(), result.GetProperty("unchanged").GetInt32());
}
