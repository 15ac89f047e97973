using System.Security.Cryptography;
using System.Text;
using LeadOrchestrator.Links;
using Microsoft.AspNetCore.WebUtilities;

namespace LeadOrchestrator.Messaging;

/// <summary>
/// What an erased customer's opt-out keeps of their address (ADR 0029): an HMAC of it under a key created once in
/// <c>app_secrets</c> and shared by every instance, so the address cannot be read back, nor found by hashing every
/// phone number (which a plain hash would allow), yet a consent check for the same address finds the record. The key
/// must never change: a new key would forget every erased customer's opt-out.
/// </summary>
public sealed class AddressHasher(IServiceScopeFactory scopes) : IDisposable
{
    public const string SecretName = "consent-address-key";

    /// <summary>Every hashed address starts so; no phone number or email address does.</summary>
    public const string Prefix = "hmac:";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _key;

    public static bool IsHashed(string address) => address.StartsWith(Prefix, StringComparison.Ordinal);

    public async Task<string> HashAsync(string address, CancellationToken ct)
    {
        var key = await KeyAsync(ct);
        return Prefix + WebEncoders.Base64UrlEncode(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(address)));
    }

    private async Task<byte[]> KeyAsync(CancellationToken ct)
    {
        if (_key is { } key)
            return key;
        await _gate.WaitAsync(ct);
        try
        {
            if (_key is null)
            {
                await using var scope = scopes.CreateAsyncScope();
                var secrets = scope.ServiceProvider.GetRequiredService<AppSecrets>();
                _key = Convert.FromBase64String(await secrets.GetOrCreateAsync(SecretName, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), ct));
            }
            return _key;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
