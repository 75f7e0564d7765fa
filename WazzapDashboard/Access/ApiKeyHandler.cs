using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace WazzapDashboard.Access;

/// <summary>
/// <c>X-Api-Key</c>: a key from <c>Dashboard:ApiKeys</c> (full access, compared in constant time) or
/// one an admin made in the UI (read-only or read-write, looked up by its hash).
/// </summary>
public sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccessKeyStore keys, IOptionsMonitor<DashboardOptions> dashboard)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers[Header] is not [{ Length: > 0 } given])
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var configured = false;
        foreach (var key in dashboard.CurrentValue.ApiKeys)
        {
            configured |= Secrets.Equal(given, key);
        }
        if (configured)
        {
            return Task.FromResult(Success("configured key", Roles.Admin));
        }

        return Task.FromResult(keys.Use(KeyKind.Api, given) is { } made
            ? Success($"key:{made.Name}", made.CanWrite ? Roles.Support : Roles.Viewer)
            : AuthenticateResult.Fail("Unknown or revoked API key."));
    }

    private AuthenticateResult Success(string name, string role) =>
        AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], SchemeName)),
            SchemeName));
}
