using Microsoft.AspNetCore.Localization;
using WazzapDashboard.Localization;

namespace WazzapDashboard.Access;

/// <summary>What the signed-in person (or the wall link) picked; null parts follow the browser.</summary>
public sealed record Preference(string? Language, string? TimeZone);

/// <summary>
/// Which language and time zone a request is answered in, first match wins:
///
/// | source                                   | language | time zone |
/// |------------------------------------------|----------|-----------|
/// | <c>?lang=</c> / <c>?tz=</c> (kept for the browser session; empty clears) | yes | yes |
/// | the user's profile, or the wall link     | yes      | yes       |
/// | the browser: <c>Accept-Language</c>; its zone as the page's script reported it | yes | yes (not chosen) |
/// | the server                               | English  | its own (not chosen) |
///
/// The API, webhooks and the hub always speak English: problem details are for scripts.
/// </summary>
public static class ViewerChoices
{
    public const string LanguageCookie = "wazzap.lang";
    public const string ZoneCookie = "wazzap.tz";
    /// <summary>Written by the page's script with the browser's own zone (<c>Components/Routes.razor.js</c>).</summary>
    public const string BrowserZoneCookie = "wazzap.browser-tz";

    /// <summary>After authentication (which stashes the account's <see cref="Preference"/>), before anything renders.</summary>
    public static void UseViewerChoices(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            Resolve(context);
            return next();
        });
        var names = Cultures.Names.ToArray();
        app.UseRequestLocalization(o =>
        {
            o.SetDefaultCulture(Cultures.English).AddSupportedCultures(names).AddSupportedUICultures(names);
            o.RequestCultureProviders =
            [
                new CustomRequestCultureProvider(context => Task.FromResult(
                    context.Features.Get<ChosenLanguage>() is { } chosen ? new ProviderCultureResult(chosen.Name) : null)),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
    }

    private sealed record ChosenLanguage(string Name);

    private static void Resolve(HttpContext context)
    {
        var request = context.Request;
        var account = context.Features.Get<Preference>();
        var language = IsForScripts(request.Path) ? Cultures.English
            : Override(context, "lang", LanguageCookie, v => Cultures.Find(v)?.Name) ?? Cultures.Find(account?.Language)?.Name;
        if (language is not null) context.Features.Set(new ChosenLanguage(language));

        var zone = Cultures.Zone(Override(context, "tz", ZoneCookie, v => Cultures.Zone(v)?.Id) ?? account?.TimeZone);
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        context.Features.Set(zone is not null ? new Viewer(zone)
            : Cultures.Zone(request.Cookies[BrowserZoneCookie]) is { } browser ? new Viewer(browser, Chosen: false)
            : new Viewer(time.LocalTimeZone, Chosen: false));
    }

    private static bool IsForScripts(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/webhooks") || path.StartsWithSegments("/hubs");

    /// <summary>A valid <c>?name=</c> wins and is kept for the session; an empty one drops the kept one.</summary>
    private static string? Override(HttpContext context, string name, string cookie, Func<string, string?> valid)
    {
        if (context.Request.Query.TryGetValue(name, out var values))
        {
            if (string.IsNullOrWhiteSpace(values.ToString()))
            {
                context.Response.Cookies.Delete(cookie);
                return null;
            }
            if (valid(values.ToString()) is { } value)
            {
                context.Response.Cookies.Append(cookie, value, new CookieOptions
                {
                    HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps, IsEssential = true,
                });
                return value;
            }
        }
        return context.Request.Cookies[cookie] is { } kept ? valid(kept) : null;
    }

    /// <summary>The viewer of this request: its time zone, and whether someone chose it.</summary>
    public static Viewer ViewerOf(HttpContext context) => context.Features.Get<Viewer>() ?? Viewer.Utc;
}
