using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WazzapDashboard.History;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Storage;

[Trait("Store", "Sqlite")] // the app backs up SQLite files; PostgreSQL is backed up by its own tools
public class BackupTests
{
    private static readonly string[] Phones = ["6281234567890", "6281234567891", "6281234567892"];

    [Fact]
    public async Task ABackupStartedAsTheDatabaseHasEveryNumberAndItsHistory()
    {
        var restored = TestStore.NewDatabase();
        try
        {
            BackupAnswer made;
            await using (var app = new WazzapApplication())
            {
                foreach (var phone in Phones)
                {
                    await app.PostWazzapi(Fixtures.Wazzapi("device.connected", phone: phone, timestamp: "2026-05-10T08:00:00Z"));
                    await app.PostWazzapi(Fixtures.Wazzapi("message.sent", phone: phone, timestamp: "2026-05-10T08:05:00Z"));
                    await app.PostWazzapi(Fixtures.Wazzapi("device.disconnected", phone: phone, timestamp: "2026-05-10T09:00:00Z", reason: "phone offline"));
                }
                var client = app.CreateClient();
                await client.PostAsJsonAsync($"/api/numbers/{Phones[0]}/notes", new { text = "called the client" });

                var response = await client.PostAsync("/api/admin/backup", null);

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                made = (await response.Content.ReadFromJsonAsync<BackupAnswer>())!;
                var file = Path.Combine(app.BackupFolder, made.File);
                Assert.Equal(new FileInfo(file).Length, made.Bytes);
                // Restore, as README says: the app stopped, the backup copied over the database file.
                File.Copy(file, restored);
            }

            await using var second = new WazzapApplication(restored);
            var fleet = second.CreateClient();
            var numbers = (await fleet.GetFromJsonAsync<JsonElement[]>("/api/numbers"))!;
            Assert.Equal(Phones.Select(p => "+" + p).Order(), numbers.Select(n => n.GetProperty("phone").GetString()).Order());
            Assert.All(numbers, n => Assert.Equal("disconnected", n.GetProperty("status").GetString()));
            foreach (var phone in Phones)
            {
                var events = (await fleet.GetFromJsonAsync<JsonElement[]>($"/api/numbers/{phone}/events"))!;
                Assert.Equal(["device.disconnected", "message.sent", "device.connected"], events.Select(e => e.GetProperty("eventType").GetString()));
            }
            var notes = (await fleet.GetFromJsonAsync<JsonElement[]>($"/api/numbers/{Phones[0]}/notes"))!;
            Assert.Equal("called the client", Assert.Single(notes).GetProperty("text").GetString());
            Assert.Equal(3, second.Count("message_counts"));
            var replay = await second.PostWazzapi(Fixtures.Wazzapi("device.connected", phone: Phones[0], id: "33333333-3333-4333-8333-333333333333"));
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode); // the restored database takes deliveries
        }
        finally
        {
            WazzapApplication.DeleteDatabase(restored);
        }
    }

    [Fact]
    public async Task BackupsRunEveryIntervalAndOnlyTheNewestKeepAreKept()
    {
        await using var app = new WazzapApplication(settings: new Dictionary<string, string?>
        {
            ["Backup:Interval"] = "01:00:00",
            ["Backup:Keep"] = "2",
        });
        await app.PostWazzapi(Fixtures.WazzapiConnected);
        var backups = app.Services.GetRequiredService<WazzapDashboard.Storage.Backups>();

        for (var i = 1; i <= 3; i++)
        {
            app.Time.Advance(TimeSpan.FromHours(1));
            var stamp = app.Time.GetUtcNow().ToString("yyyyMMdd-HHmmss");
            await Poll.Until(() => backups.List() is var list && list.Count >= Math.Min(i, 2) && list[0].File.Contains(stamp), $"backup {i}");
        }

        var files = backups.List().Select(f => f.File).ToList();
        Assert.Equal(["wazzap-20260515-150000-000.db", "wazzap-20260515-140000-000.db"], files);
        Assert.Equal(files, Directory.GetFiles(app.BackupFolder).Select(Path.GetFileName).OrderDescending());
    }

    [Fact]
    public async Task AFailedBackupIsReportedOnTheStoragePageFigures()
    {
        var blocker = Path.GetTempFileName(); // a file where the folder should be
        try
        {
            await using var app = new WazzapApplication(settings: new Dictionary<string, string?> { ["Backup:Folder"] = blocker });
            var client = app.CreateClient();

            var response = await client.PostAsync("/api/admin/backup", null);

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var report = app.Services.GetRequiredService<StorageStatus>().Read();
            Assert.True(report.LastBackup.Failing);
            Assert.NotNull(report.LastBackup.LastError);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Fact]
    public async Task OnlyAdminsMayBackUp()
    {
        await using var app = new WazzapApplication();

        var response = await app.CreateAnonymousClient().PostAsync("/api/admin/backup", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(Directory.Exists(app.BackupFolder));
    }

    private sealed record BackupAnswer(string File, long Bytes);
}
