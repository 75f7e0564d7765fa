using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using WazzapDashboard.Storage;

namespace WazzapDashboard.Access;

public enum KeyKind { Api, Wall }

public sealed record AccessKey(long Id, KeyKind Kind, string Name, bool CanWrite, string? Client, string CreatedBy,
    DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, string? Language = null, string? TimeZone = null);

/// <summary>
/// API keys and wall links. A key is 32 random bytes shown once; only its SHA-256 is stored, which is
/// enough for a random secret of that length and lets a lookup find it by index.
/// </summary>
public sealed class AccessKeyStore(Database database, TimeProvider time)
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>Makes a key and returns it with its secret, which is not kept.</summary>
    /// <remarks>A wall link carries the language and time zone its screen shows; null follows the browser.</remarks>
    public (AccessKey Key, string Secret) Create(KeyKind kind, string name, bool canWrite, string? client, string createdBy,
        string? language = null, string? timeZone = null)
    {
        var secret = (kind == KeyKind.Api ? "wzd_" : "wall_") + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        const string sql = """
            INSERT INTO access_keys (kind, name, key_hash, can_write, client, created_by, created_at, language, time_zone)
            VALUES (@kind, @name, @hash, @canWrite, @client, @createdBy, @now, @language, @timeZone)
            RETURNING id, kind, name, can_write, client, created_by, created_at, last_used_at, revoked_at, language, time_zone
            """;
        using var connection = database.Open();
        var row = connection.QuerySingle<KeyRow>(sql, new
        {
            kind = kind.ToString().ToLowerInvariant(), name = name.Trim(), hash = Hash(secret),
            canWrite = kind == KeyKind.Api && canWrite, client = string.IsNullOrWhiteSpace(client) ? null : client.Trim(),
            createdBy, now = time.GetUtcNow().ToUnixTimeMilliseconds(),
            language = Localization.Cultures.Find(language)?.Name, timeZone = Localization.Cultures.Zone(timeZone)?.Id,
        });
        return (row.ToKey(), secret);
    }

    public IReadOnlyList<AccessKey> All()
    {
        const string sql = "SELECT id, kind, name, can_write, client, created_by, created_at, last_used_at, revoked_at, language, time_zone FROM access_keys ORDER BY created_at DESC";
        using var connection = database.Open();
        return connection.Query<KeyRow>(sql).Select(r => r.ToKey()).ToList();
    }

    /// <summary>The live key of <paramref name="kind"/> with this secret, noting that it was used.</summary>
    public AccessKey? Use(KeyKind kind, string secret)
    {
        const string sql = """
            SELECT id, kind, name, can_write, client, created_by, created_at, last_used_at, revoked_at, language, time_zone
            FROM access_keys WHERE key_hash = @hash AND kind = @kind AND revoked_at IS NULL
            """;
        using var connection = database.Open();
        var key = connection.QuerySingleOrDefault<KeyRow>(sql, new { hash = Hash(secret), kind = kind.ToString().ToLowerInvariant() })?.ToKey();
        var now = time.GetUtcNow();
        // Written at most once a minute per key: reads must not turn into a write each.
        if (key is not null && (key.LastUsedAt is not { } last || now - last >= LastUsedResolution))
        {
            const string touch = "UPDATE access_keys SET last_used_at = @now WHERE id = @id";
            connection.Execute(touch, new { id = key.Id, now = now.ToUnixTimeMilliseconds() });
        }
        return key;
    }

    public bool IsLive(long id) => FindLive(id) is not null;

    /// <summary>The key with this id, unless it was revoked.</summary>
    public AccessKey? FindLive(long id)
    {
        const string sql = """
            SELECT id, kind, name, can_write, client, created_by, created_at, last_used_at, revoked_at, language, time_zone
            FROM access_keys WHERE id = @id AND revoked_at IS NULL
            """;
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<KeyRow>(sql, new { id })?.ToKey();
    }

    public void Revoke(long id)
    {
        const string sql = "UPDATE access_keys SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL";
        using var connection = database.Open();
        connection.Execute(sql, new { id, now = time.GetUtcNow().ToUnixTimeMilliseconds() });
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private sealed class KeyRow
    {
        public long Id { get; init; }
        public required string Kind { get; init; }
        public required string Name { get; init; }
        public bool CanWrite { get; init; }
        public string? Client { get; init; }
        public required string CreatedBy { get; init; }
        public long CreatedAt { get; init; }
        public long? LastUsedAt { get; init; }
        public long? RevokedAt { get; init; }
        public string? Language { get; init; }
        public string? TimeZone { get; init; }

        public AccessKey ToKey() => new(Id, Enum.Parse<KeyKind>(Kind, ignoreCase: true), Name, CanWrite, Client, CreatedBy,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            LastUsedAt is { } u ? DateTimeOffset.FromUnixTimeMilliseconds(u) : null,
            RevokedAt is { } r ? DateTimeOffset.FromUnixTimeMilliseconds(r) : null, Language, TimeZone);
    }
}
