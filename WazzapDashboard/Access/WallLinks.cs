using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace WazzapDashboard.Access;

/// <summary>
/// <c>/wall?key=…</c>: a TV needs no login. A live wall link signs the browser in as a read-only
/// wall principal, limited to the link's client when it names one; revoking the link ends it.
/// </summary>
public static class WallLinks
{
    public const string KeyIdClaim = "wall_key";
    public const string ClientClaim = "wall_client";

    public static void UseWallLinks(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.Equals("/wall", StringComparison.OrdinalIgnoreCase)
            && context.Request.Query["key"] is [{ Length: > 0 } secret]
            && context.User.Identity?.IsAuthenticated != true)
        {
            if (context.RequestServices.GetRequiredService<AccessKeyStore>().Use(KeyKind.Wall, secret) is { } link)
            {
                var principal = PrincipalOf(link);
                await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal,
                    new AuthenticationProperties { IsPersistent = true, ExpiresUtc = DateTimeOffset.UtcNow.AddDays(30) });
                context.User = principal;
                context.Features.Set(new Preference(link.Language, link.TimeZone));
            }
        }
        await next();
    });

    private static ClaimsPrincipal PrincipalOf(AccessKey link)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, $"wall:{link.Name}"),
            new(ClaimTypes.Role, Roles.Wall),
            new(KeyIdClaim, link.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (link.Client is { } client) claims.Add(new Claim(ClientClaim, client));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }
}
