using System.Security.Cryptography;
using System.Text;

namespace WazzapDashboard.Webhooks;

/// <summary>Wazzapi's <c>X-Wazzapi-Signature: sha256=&lt;hex HMAC-SHA256 of the raw body&gt;</c>.</summary>
public static class WebhookSignature
{
    public const string Header = "X-Wazzapi-Signature";
    private const string Prefix = "sha256=";

    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>True when <paramref name="header"/> is a valid signature of <paramref name="body"/> under any of <paramref name="secrets"/>.</summary>
    public static bool IsValid(ReadOnlySpan<byte> body, string? header, IEnumerable<string> secrets)
    {
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return false;
        byte[] claimed;
        try
        {
            claimed = Convert.FromHexString(header.AsSpan(Prefix.Length).Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        var valid = false;
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        foreach (var secret in secrets)
        {
            if (string.IsNullOrEmpty(secret)) continue;
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
            // No early exit: the time taken does not say which secret, if any, matched.
            valid |= CryptographicOperations.FixedTimeEquals(expected, claimed);
        }
        return valid;
    }
}
