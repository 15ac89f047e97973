using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LeadOrchestrator.Intake;

/// <summary>
/// Standard Webhooks signatures as ShopMonkey sends them: base64(HMAC-SHA256(key, "{id}.{timestamp}.{raw body}"))
/// in <c>webhook-signature</c> as one or more space-separated <c>v1,&lt;base64&gt;</c> entries.
/// The key is the base64 after a <c>whsec_</c> prefix, or the secret's UTF-8 bytes otherwise
/// (ShopMonkey does not document which; both forms are accepted).
/// </summary>
public static class StandardWebhookSignature
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public enum Result
    {
        Valid,
        MissingHeaders,
        BadTimestamp,
        StaleTimestamp,
        Mismatch,
    }

    public static Result Verify(string secret, string? id, string? timestamp, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatureHeader))
            return Result.MissingHeaders;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return Result.BadTimestamp;
        // Both directions: a timestamp far in the future is as suspicious as a replayed old one.
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > Tolerance.TotalSeconds)
            return Result.StaleTimestamp;

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(KeyOf(secret), id, timestamp, body, expected);

        Span<byte> candidate = stackalloc byte[64];
        foreach (var entry in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = entry.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !entry.AsSpan(0, comma).SequenceEqual("v1"))
                continue;
            if (Convert.TryFromBase64String(entry[(comma + 1)..], candidate, out var written)
                && written == expected.Length
                && CryptographicOperations.FixedTimeEquals(candidate[..written], expected))
                return Result.Valid;
        }
        return Result.Mismatch;
    }

    /// <summary>The <c>webhook-signature</c> value for a body; used by the sandbox to sign what it sends.</summary>
    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(KeyOf(secret), id, timestamp.ToString(CultureInfo.InvariantCulture), body, mac);
        return "v1," + Convert.ToBase64String(mac);
    }

    public static byte[] KeyOf(string secret)
    {
        if (secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            try
            {
                return Convert.FromBase64String(secret["whsec_".Length..]);
            }
            catch (FormatException)
            {
                // Not base64 after all: fall through to the raw bytes.
            }
        }
        return Encoding.UTF8.GetBytes(secret);
    }

    private static void Compute(byte[] key, string id, string timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes(id));
        hmac.AppendData("."u8);
        hmac.AppendData(Encoding.UTF8.GetBytes(timestamp));
        hmac.AppendData("."u8);
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }

    /// <summary>A new random secret in the Standard Webhooks form.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
