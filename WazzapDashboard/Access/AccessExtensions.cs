using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace WazzapDashboard.Access;

/// <summary>Section <c>RateLimits</c>, per client address.</summary>
public sealed class RateLimitOptions
{
    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int LoginPerMinute { get; set; } = 10;

    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int WebhooksPerSecond { get; set; } = 2_000;
}

public static class AccessExtensions
{
    public const string LoginLimit = "login";
    public const string WebhookLimit = "webhooks";
    private const string Smart = "smart";

    public static void AddAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DashboardOptions>().BindConfiguration("Dashboard").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration("RateLimits").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddSingleton<AccessKeyStore>();
        builder.Services.AddHostedService<FirstUsers>();

        builder.Services.AddAuthentication(Smart)
            // A request carrying X-Api-Key is a script; anything else is a person with a cookie.
            .AddPolicyScheme(Smart, null, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyHandler.Header) ? ApiKeyHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = "wazzap.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/denied";
                o.ExpireTimeSpan = TimeSpan.FromDays(7);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = ValidatePrincipal;
            });
        builder.Services.AddAuthorization(Policies.Add);
        // UseSecurityHeaders sends X-Frame-Options: DENY; antiforgery would add a second, weaker one.
        builder.Services.AddAntiforgery(o => o.SuppressXFrameOptionsHeader = true);
        builder.Services.AddCascadingAuthenticationState();

        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginLimit, context => RateLimitPartition.GetFixedWindowLimiter(ClientOf(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.LoginPerMinute,
                Window = TimeSpan.FromMinutes(1),
            }));
            o.AddPolicy(WebhookLimit, context =>
            {
                var perSecond = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.WebhooksPerSecond;
                return RateLimitPartition.GetTokenBucketLimiter(ClientOf(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perSecond, TokensPerPeriod = perSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                });
            });
        });
    }

    private static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>Pages redirect to the login; the API and the hub answer 401/403 as problem+json.</summary>
    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>A deleted user, a changed role or a revoked wall link ends the cookie at the next request.</summary>
    private static Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        var services = context.HttpContext.RequestServices;
        // The same read gives the language and time zone the person or the wall link chose.
        Preference? preference = null;
        if (principal.FindFirstValue(WallLinks.KeyIdClaim) is { } keyId)
        {
            if (services.GetRequiredService<AccessKeyStore>().FindLive(long.Parse(keyId)) is { } link) preference = new(link.Language, link.TimeZone);
        }
        else if (principal.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId
                 && services.GetRequiredService<UserStore>().Find(long.Parse(userId)) is { } user && principal.IsInRole(user.Role))
        {
            preference = new(user.Language, user.TimeZone);
        }
        if (preference is null) context.RejectPrincipal();
        else context.HttpContext.Features.Set(preference);
        return Task.CompletedTask;
    }

    public static ClaimsPrincipal PrincipalOf(User user) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, user.Username),
        new Claim(ClaimTypes.Role, user.Role),
    ], CookieAuthenticationDefaults.AuthenticationScheme));

    /// <summary>Security headers on every answer; pages work offline, so everything comes from here.</summary>
    public static void UseSecurityHeaders(this WebApplication app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
            "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        return next();
    });

    public static void MapAccount(this WebApplication app)
    {
        var account = app.MapGroup("/account").AllowAnonymous();

        account.MapPost("/login", async ([FromForm] string username, [FromForm] string password, [FromForm] string? returnUrl,
            HttpContext context, UserStore users) =>
        {
            var (result, user) = users.SignIn(username, password);
            if (result != SignInResult.Ok)
            {
                return Results.LocalRedirect($"/login?error={(result == SignInResult.LockedOut ? "locked" : "wrong")}&returnUrl={Uri.EscapeDataString(LocalOrHome(returnUrl))}");
            }
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PrincipalOf(user!));
            return Results.LocalRedirect(LocalOrHome(returnUrl));
        }).RequireRateLimiting(LoginLimit);

        account.MapPost("/setup", async ([FromForm] string username, [FromForm] string password, HttpContext context, UserStore users) =>
        {
            if (users.Any()) return Results.LocalRedirect("/login");
            if (UserStore.PasswordProblem(password) is not null || string.IsNullOrWhiteSpace(username))
            {
                return Results.LocalRedirect("/setup?error=weak");
            }
            var admin = users.Create(username, password, Roles.Admin, onlyIfNone: true);
            if (admin is null) return Results.LocalRedirect("/login");
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PrincipalOf(admin));
            return Results.LocalRedirect("/");
        }).RequireRateLimiting(LoginLimit);

        account.MapPost("/logout", async ([FromForm] string? returnUrl, HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        });
    }

    /// <summary>
    /// Only a path on this site, and one a Location header can carry: never an open redirect, never a 500.
    /// The framework's own check (the one <c>LocalRedirect</c> makes) refuses other hosts and control
    /// characters; Kestrel writes ASCII headers only, so anything else is percent-encoded as UTF-8.
    /// </summary>
    public static string LocalOrHome(string? url)
    {
        if (!RedirectHttpResult.IsLocalUrl(url) || url![0] != '/') return "/";
        var path = new StringBuilder(url.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.IsAscii && rune.Value != ' ')
            {
                path.Append((char)rune.Value);
                continue;
            }
            foreach (var b in utf8[..rune.EncodeToUtf8(utf8)]) path.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return path.ToString();
    }
}
