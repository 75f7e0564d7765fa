using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WazzapDashboard.Storage;
using WazzapDashboard.Localization;

namespace WazzapDashboard.Access;

public sealed record User(long Id, string Username, string Role, DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt,
    string? Language = null, string? TimeZone = null);

public enum SignInResult { Ok, Wrong, LockedOut }

/// <summary>Section <c>Dashboard</c>: the first admin, and lockout after repeated failures.</summary>
public sealed class DashboardOptions
{
    public string? AdminUser { get; set; }
    public string? AdminPassword { get; set; }

    /// <summary>Full-access API keys for scripts and deployments that configure from files.</summary>
    public string[] ApiKeys { get; set; } = [];

    [System.ComponentModel.DataAnnotations.Range(1, 100)]
    public int LockoutFailures { get; set; } = 5;

    [System.ComponentModel.DataAnnotations.Range(1, 1440)]
    public int LockoutMinutes { get; set; } = 15;
}

/// <summary>Users and their passwords, hashed with ASP.NET Core's password hasher.</summary>
public sealed class UserStore(Database database, TimeProvider time, IOptions<DashboardOptions> options)
{
    public const int MinPasswordLength = 10;

    private static readonly PasswordHasher<string> Hasher = new();
    // Verified against when the user does not exist, so that answer takes as long as a wrong password.
    private static readonly string DummyHash = Hasher.HashPassword("", Guid.NewGuid().ToString());

    public bool Any()
    {
        const string sql = "SELECT EXISTS (SELECT 1 FROM users)";
        using var connection = database.Open();
        return connection.ExecuteScalar<bool>(sql);
    }

    public User? Find(long id)
    {
        const string sql = "SELECT id, username, role, locked_until, created_at, language, time_zone FROM users WHERE id = @id";
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<UserRow>(sql, new { id })?.ToUser();
    }

    public IReadOnlyList<User> All()
    {
        const string sql = "SELECT id, username, role, locked_until, created_at FROM users ORDER BY username";
        using var connection = database.Open();
        return connection.Query<UserRow>(sql).Select(r => r.ToUser()).ToList();
    }

    /// <summary>Adds a user; null when the name is taken. With <paramref name="onlyIfNone"/>, only while there are no users at all.</summary>
    public User? Create(string username, string password, string role, bool onlyIfNone = false)
    {
        var problem = PasswordProblem(password) ?? (Roles.UserRoles.Contains(role) ? null : $"Unknown role '{role}'.");
        if (problem is not null) throw new ArgumentException(problem);

        const string sql = """
            INSERT INTO users (username, password_hash, role, created_at)
            SELECT @username, @hash, @role, @now
            WHERE NOT @onlyIfNone OR NOT EXISTS (SELECT 1 FROM users)
            ON CONFLICT (username) DO NOTHING
            RETURNING id, username, role, locked_until, created_at
            """;
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<UserRow>(sql, new
        {
            username = username.Trim(), hash = Hasher.HashPassword("", password), role, onlyIfNone,
            now = time.GetUtcNow().ToUnixTimeMilliseconds(),
        })?.ToUser();
    }

    public static string? PasswordProblem(string? password) =>
        password is null || password.Length < MinPasswordLength ? Text.Get("Problem_Password", MinPasswordLength) : null;

    /// <summary>Checks a password; too many failures in a row lock the account for a while.</summary>
    public (SignInResult Result, User? User) SignIn(string username, string password)
    {
        const string find = "SELECT id, username, role, locked_until, created_at, password_hash, failed_logins FROM users WHERE username = @username";
        using var connection = database.Open();
        var row = connection.QuerySingleOrDefault<UserRow>(find, new { username = username.Trim() });
        var now = time.GetUtcNow();
        if (row is null)
        {
            Hasher.VerifyHashedPassword("", DummyHash, password);
            return (SignInResult.Wrong, null);
        }
        if (row.LockedUntil > now.ToUnixTimeMilliseconds()) return (SignInResult.LockedOut, null);

        if (Hasher.VerifyHashedPassword("", row.PasswordHash!, password) == PasswordVerificationResult.Failed)
        {
            const string fail = """
                UPDATE users SET failed_logins = failed_logins + 1,
                    locked_until = CASE WHEN failed_logins + 1 >= @limit THEN @until ELSE locked_until END
                WHERE id = @id
                """;
            connection.Execute(fail, new
            {
                id = row.Id, limit = options.Value.LockoutFailures,
                until = now.AddMinutes(options.Value.LockoutMinutes).ToUnixTimeMilliseconds(),
            });
            return (SignInResult.Wrong, null);
        }

        const string ok = "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = @id";
        connection.Execute(ok, new { id = row.Id });
        return (SignInResult.Ok, row.ToUser());
    }

    public void SetRole(long id, string role)
    {
        if (!Roles.UserRoles.Contains(role)) throw new ArgumentException($"Unknown role '{role}'.");
        const string sql = "UPDATE users SET role = @role WHERE id = @id";
        using var connection = database.Open();
        connection.Execute(sql, new { id, role });
    }

    public void SetPassword(long id, string password)
    {
        if (PasswordProblem(password) is { } problem) throw new ArgumentException(problem);
        const string sql = "UPDATE users SET password_hash = @hash, failed_logins = 0, locked_until = NULL WHERE id = @id";
        using var connection = database.Open();
        connection.Execute(sql, new { id, hash = Hasher.HashPassword("", password) });
    }

    public void Unlock(long id)
    {
        const string sql = "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = @id";
        using var connection = database.Open();
        connection.Execute(sql, new { id });
    }

    /// <summary>The language and time zone the user picked on the profile page; null follows the browser.</summary>
    public void SetPreferences(long id, string? language, string? timeZone)
    {
        const string sql = "UPDATE users SET language = @language, time_zone = @timeZone WHERE id = @id";
        using var connection = database.Open();
        connection.Execute(sql, new { id, language = Localization.Cultures.Find(language)?.Name, timeZone = Localization.Cultures.Zone(timeZone)?.Id });
    }

    /// <summary>Removes a user, but never the last admin.</summary>
    public bool Delete(long id)
    {
        const string sql = """
            DELETE FROM users WHERE id = @id
              AND (role <> 'admin' OR (SELECT count(*) FROM users WHERE role = 'admin') > 1)
            """;
        using var connection = database.Open();
        return connection.Execute(sql, new { id }) == 1;
    }

    private sealed class UserRow
    {
        public long Id { get; init; }
        public required string Username { get; init; }
        public required string Role { get; init; }
        public long? LockedUntil { get; init; }
        public long CreatedAt { get; init; }
        public string? PasswordHash { get; init; }
        public long FailedLogins { get; init; }
        public string? Language { get; init; }
        public string? TimeZone { get; init; }

        public User ToUser() => new(Id, Username, Role,
            LockedUntil is { } l ? DateTimeOffset.FromUnixTimeMilliseconds(l) : null, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            Language, TimeZone);
    }
}
