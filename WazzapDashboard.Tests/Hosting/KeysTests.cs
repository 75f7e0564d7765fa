using System.Net;
using WazzapDashboard.Tests.Infrastructure;

namespace WazzapDashboard.Tests.Hosting;

public class KeysTests
{
    [Fact]
    public async Task ARestartKeepsPeopleSignedIn()
    {
        var folder = Directory.CreateTempSubdirectory("wazzap-keys-test-").FullName;
        var database = Path.Combine(folder, "wazzap.db");
        // The default: a keys folder beside the database.
        var settings = new Dictionary<string, string?> { ["DataProtection:KeysFolder"] = "" };
        try
        {
            string cookie;
            await using (var first = new WazzapApplication(database, settings: settings))
            {
                cookie = AuthCookie(await SignIn.As(first.CreateAnonymousClient(), WazzapApplication.AdminUser, WazzapApplication.AdminPassword));
                Assert.Equal(HttpStatusCode.OK, (await Get(first, cookie)).StatusCode);
            }
            Assert.Single(Directory.GetFiles(Path.Combine(folder, "keys"), "key-*.xml"));

            await using (var second = new WazzapApplication(database, settings: settings))
            {
                Assert.Equal(HttpStatusCode.OK, (await Get(second, cookie)).StatusCode);
            }

            // Other keys: the same cookie no longer opens anything.
            var elsewhere = new Dictionary<string, string?> { ["DataProtection:KeysFolder"] = Path.Combine(folder, "other-keys") };
            await using (var third = new WazzapApplication(database, settings: elsewhere))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await Get(third, cookie)).StatusCode);
            }
        }
        finally
        {
            WazzapApplication.DeleteDatabase(database);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ASignInOnOneInstanceIsAcceptedByAnotherThroughRedis()
    {
        // Two machines, each with its own keys folder: only the key ring in Redis is shared.
        await using var pair = await TwoInstances.Start();

        var cookie = AuthCookie(await SignIn.As(pair.A.CreateAnonymousClient(), WazzapApplication.AdminUser, WazzapApplication.AdminPassword));

        Assert.Equal(HttpStatusCode.OK, (await Get(pair.B, cookie)).StatusCode);
        Assert.False(Directory.Exists(pair.KeysFolderA));
        Assert.False(Directory.Exists(pair.KeysFolderB));
    }

    private static string AuthCookie(HttpResponseMessage signedIn) =>
        signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("wazzap.auth=", StringComparison.Ordinal)).Split(';')[0];

    private static Task<HttpResponseMessage> Get(WazzapApplication app, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/numbers");
        request.Headers.Add("Cookie", cookie);
        return app.CreateAnonymousClient().SendAsync(request);
    }
}
