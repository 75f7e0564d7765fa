using System.Security.Cryptography;
using System.Text;

namespace WazzapDashboard.Access;

public static class Secrets
{
    /// <summary>
    /// Constant-time equality of two secrets, such as an API key or a URL token. Both sides are hashed
    /// first, so neither the time taken nor an early length check says how long the secret is.
    /// </summary>
    public static bool Equal(string? given, string? expected) =>
        !string.IsNullOrEmpty(given) && !string.IsNullOrEmpty(expected)
        && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
