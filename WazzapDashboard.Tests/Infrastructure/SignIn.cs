using System.Net;
using System.Text.RegularExpressions;

namespace WazzapDashboard.Tests.Infrastructure;

/// <summary>Signs a cookie-keeping client in through the real form, antiforgery token and all.</summary>
public static partial class SignIn
{
    public static async Task<HttpResponseMessage> As(HttpClient client, string username, string password, string form = "/login", string action = "/account/login")
    {
        var page = await client.GetStringAsync(form);
        var token = Token().Match(page).Groups[1].Value;
        return await client.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["username"] = username,
            ["password"] = password,
            ["returnUrl"] = "/",
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
