using System.Buffers.Binary;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Links;

public enum LinkState
{
    Invalid,
    Expired,
    Valid,
}

/// <summary>What a link token is for: a chat link cannot be used to unsubscribe, and vice versa.</summary>
public enum LinkPurpose : byte
{
    Chat = 1,
    Unsubscribe = 2,
}

public sealed class LinkTokenOptions
{
    public const string Section = "Links";

    /// <summary>How long a chat link works; every later touch sends a fresh one.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan ChatLifetime { get; set; } = TimeSpan.FromDays(45);

    /// <summary>Unsubscribe links must keep working at least 30 days after the email (CAN-SPAM).</summary>
    [Range(typeof(TimeSpan), "30.00:00:00", "3650.00:00:00")]
    public TimeSpan UnsubscribeLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Base64 of at least 32 random bytes; generated and kept in <c>app_secrets</c> when empty.</summary>
    public string? SigningKey { get; set; }
}

/// <summary>
/// Short signed tokens that name one lead, for links in SMS and email: version, lead id, expiry and
/// a truncated HMAC-SHA256 (96 bits) over them and the purpose — 44 URL-safe characters, so an SMS
/// link stays short. A token cannot be forged, widened to another lead, or used after it expires.
/// </summary>
public sealed class LinkTokens(LinkKeys keys, TimeProvider time, IOptions<LinkTokenOptions> options)
{
    private const byte Version = 1;
    private const int MacBytes = 12;
    private const int PayloadBytes = 1 + 16 + 4;

    public async Task<string> CreateAsync(Guid leadId, LinkPurpose purpose, CancellationToken ct)
    {
        var lifetime = purpose == LinkPurpose.Chat ? options.Value.ChatLifetime : options.Value.UnsubscribeLifetime;
        var expiresMinute = (uint)((time.GetUtcNow() + lifetime).ToUnixTimeSeconds() / 60);
        var token = new byte[PayloadBytes + MacBytes];
        token[0] = Version;
        leadId.TryWriteBytes(token.AsSpan(1, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteUInt32BigEndian(token.AsSpan(17, 4), expiresMinute);
        var key = await keys.GetAsync(ct);
        Mac(key, purpose, token.AsSpan(0, PayloadBytes), token.AsSpan(PayloadBytes));
        return WebEncoders.Base64UrlEncode(token);
    }

    /// <summary>The lead a valid, unexpired token of this purpose names; null for anything else.</summary>
    public async Task<Guid?> ReadAsync(string? token, LinkPurpose purpose, CancellationToken ct) =>
        await VerifyAsync(token, purpose, ct) is { State: LinkState.Valid } link ? link.LeadId : null;

    /// <summary>
    /// Checks a token. An authentic but expired token still names its lead (<see cref="LinkState.Expired"/>),
    /// so a page can say whom to call instead; a forged or altered one names nothing.
    /// </summary>
    public async Task<(LinkState State, Guid LeadId)> VerifyAsync(string? token, LinkPurpose purpose, CancellationToken ct)
    {
        var invalid = (LinkState.Invalid, Guid.Empty);
        if (token is null || token.Length != 44)
            return invalid;
        byte[] bytes;
        try
        {
            bytes = WebEncoders.Base64UrlDecode(token);
        }
        catch (FormatException)
        {
            return invalid;
        }
        if (bytes.Length != PayloadBytes + MacBytes || bytes[0] != Version)
            return invalid;
        var key = await keys.GetAsync(ct);
        var expected = new byte[MacBytes];
        Mac(key, purpose, bytes.AsSpan(0, PayloadBytes), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(PayloadBytes)))
            return invalid;
        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(17, 4)) * 60L);
        var lead = new Guid(bytes.AsSpan(1, 16), bigEndian: true);
        return (time.GetUtcNow() >= expires ? LinkState.Expired : LinkState.Valid, lead);
    }

    private static void Mac(byte[] key, LinkPurpose purpose, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData([(byte)purpose]);
        hmac.AppendData(payload);
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        hmac.GetHashAndReset(full);
        full[..MacBytes].CopyTo(destination);
    }
}

/// <summary>The signing key: from configuration, or created once in <c>app_secrets</c> and shared by every instance.</summary>
public sealed class LinkKeys(IServiceScopeFactory scopes, IOptions<LinkTokenOptions> options) : IDisposable
{
    public const string SecretName = "links-signing-key";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _key;

    public async Task<byte[]> GetAsync(CancellationToken ct)
    {
        if (_key is { } key)
            return key;
        await _gate.WaitAsync(ct);
        try
        {
            return _key ??= await LoadAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<byte[]> LoadAsync(CancellationToken ct)
    {
        if (options.Value.SigningKey is { Length: > 0 } configured)
        {
            var bytes = Convert.FromBase64String(configured);
            return bytes.Length >= 32 ? bytes : throw new InvalidOperationException("Links:SigningKey must be at least 32 bytes (base64).");
        }
        await using var scope = scopes.CreateAsyncScope();
        var secrets = scope.ServiceProvider.GetRequiredService<AppSecrets>();
        return Convert.FromBase64String(await secrets.GetOrCreateAsync(SecretName, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), ct));
    }

    public void Dispose() => _gate.Dispose();
}

/// <summary>Reads and creates rows of <c>app_secrets</c>; when two instances race, both end with the first one's value.</summary>
public sealed class AppSecrets(AppDbContext db, TimeProvider time)
{
    public async Task<string> GetOrCreateAsync(string name, Func<string> create, CancellationToken ct)
    {
        var existing = await db.AppSecrets.AsNoTracking().Where(s => s.Name == name).Select(s => s.Value).FirstOrDefaultAsync(ct);
        if (existing is not null)
            return existing;
        var value = create();
        var now = time.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"INSERT INTO app_secrets (name, value, created_at) VALUES ({name}, {value}, {now}) ON CONFLICT (name) DO NOTHING", ct);
        return await db.AppSecrets.AsNoTracking().Where(s => s.Name == name).Select(s => s.Value).SingleAsync(ct);
    }
}

/// <summary>The app's address as customers reach it: <c>App:PublicBaseUrl</c>, or where it listens.</summary>
public sealed class PublicUrls(IConfiguration configuration, SelfAddress self)
{
    public Uri Base => configuration["App:PublicBaseUrl"] is { Length: > 0 } configured ? new Uri(configured.TrimEnd('/') + "/") : self.BaseUri;

    public Uri Resolve(string relative) => new(Base, relative.TrimStart('/'));
}

/// <summary>Chat and unsubscribe links for a lead.</summary>
public sealed class LeadLinks(LinkTokens tokens, PublicUrls urls)
{
    public async Task<Uri> ChatAsync(Guid leadId, CancellationToken ct) =>
        urls.Resolve("c/" + await tokens.CreateAsync(leadId, LinkPurpose.Chat, ct));

    public async Task<Uri> UnsubscribeAsync(Guid leadId, CancellationToken ct) =>
        urls.Resolve("u/" + await tokens.CreateAsync(leadId, LinkPurpose.Unsubscribe, ct));
}
