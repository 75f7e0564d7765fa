using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WazzapDashboard.Storage;

/// <summary>
/// The 64-bit key a delivery's dedupe key is remembered by (table <c>dedupe_keys</c>): the first
/// eight bytes of its SHA-256. Two different keys share one only by chance, about once in 10^11
/// deliveries at a million keys in the window.
/// </summary>
public static class KeyHash
{
    /// <summary>The SQL function the migrations use to fill <c>dedupe_keys</c> from stored events.</summary>
    public const string SqlFunction = "key_hash";

    public static long Of(string key)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return BinaryPrimitives.ReadInt64LittleEndian(hash);
    }
}
