using Microsoft.AspNetCore.Authorization;

namespace WazzapDashboard.Access;

/// <summary>
/// Who may do what.
///
/// | principal                         | role    | read | support actions¹ | admin² | wall |
/// |-----------------------------------|---------|------|------------------|--------|------|
/// | user                              | admin   | yes  | yes              | yes    | yes  |
/// | user                              | support | yes  | yes              |        | yes  |
/// | user                              | viewer  | yes  |                  |        | yes  |
/// | key in Dashboard:ApiKeys          | admin   | yes  | yes              | yes    | yes  |
/// | API key made in the UI, read-write| support | yes  | yes              |        | yes  |
/// | API key made in the UI, read-only | viewer  | yes  |                  |        | yes  |
/// | wall link                         | wall    |      |                  |        | yes  |
///
/// ¹ acknowledge, notes, check-ins, roster edits. ² users, keys, settings, roster import and purge.
/// </summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Support = "support";
    public const string Viewer = "viewer";
    public const string Wall = "wall";

    public static readonly string[] UserRoles = [Admin, Support, Viewer];
}

public static class Policies
{
    public const string Read = "read";
    public const string Support = "support";
    public const string Admin = "admin";
    public const string Wall = "wall";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Read, p => p.RequireRole(Roles.Admin, Roles.Support, Roles.Viewer));
        options.AddPolicy(Support, p => p.RequireRole(Roles.Admin, Roles.Support));
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        options.AddPolicy(Wall, p => p.RequireRole(Roles.Admin, Roles.Support, Roles.Viewer, Roles.Wall));
        // Anything that does not say otherwise needs a signed-in user or a key.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
