using System.Security.Cryptography;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;
using LeadOrchestrator.Intake;
using LeadOrchestrator.Links;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tenants;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Demo;

/// <summary>
/// Creates the <c>demo</c> tenant on first start (location, hours, holidays, catalog, ShopMonkey
/// settings) and re-applies the <c>Demo:*</c> ShopMonkey settings on every start. System work, so it
/// writes without a tenant scope.
/// </summary>
public sealed partial class DemoSeeder(
    AppDbContext db,
    TimeProvider time,
    IOptions<DemoOptions> options,
    TenantDirectory directory,
    AppSecrets secrets,
    SecretBox sealedSecrets,
    IPasswordHasher<StaffUser> hasher,
    ILogger<DemoSeeder> logger)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!o.Enabled)
            return;
        var now = time.GetUtcNow();
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Slug == DemoShop.TenantSlug, ct);
        if (tenant is null)
        {
            tenant = new Tenant { Id = Guid.CreateVersion7(now), Slug = DemoShop.TenantSlug, Name = DemoShop.TenantName, CreatedAt = now };
            db.Tenants.Add(tenant);
            var location = NewLocation(tenant.Id, now);
            location.SmsNumber = DemoShop.Phone;
            db.Locations.Add(location);
            db.ServiceCatalog.AddRange(DemoShop.Services.Select(s => new ServiceCatalogItem
            {
                Id = Guid.CreateVersion7(now),
                TenantId = tenant.Id,
                LocationId = location.Id,
                Name = s.Name,
                Category = s.Category,
                Description = s.Note,
                PriceCents = s.PriceCents,
                DurationMinutes = (int)Math.Ceiling(s.LaborHours * 60 / 15) * 15,
                Bookable = s.Bookable,
                ShopMonkeyCannedServiceId = s.ShopMonkeyId,
                UpdatedAt = now,
            }));
            db.TenantCrmConfigs.Add(new TenantCrmConfig { TenantId = tenant.Id, UpdatedAt = now });
            Log.Created(logger, DemoShop.TenantSlug, DemoShop.Services.Count);
        }
        await db.SaveChangesAsync(ct);

        await AddUpcomingHolidaysAsync(tenant.Id, now, ct);

        var config = await db.TenantCrmConfigs.AcrossTenants().SingleAsync(c => c.TenantId == tenant.Id, ct);
        config.UsesSandbox = string.IsNullOrWhiteSpace(o.ShopMonkeyApiBaseUrl);
        config.ApiBaseUrl = config.UsesSandbox ? null : o.ShopMonkeyApiBaseUrl;
        var apiKey = NonEmpty(o.ShopMonkeyApiKey)
            ?? (config.UsesSandbox ? sealedSecrets.Open(config.ApiKeySealed) ?? "sandbox_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : null);
        // Never committed to the repo: generated per database when not configured.
        var webhookSecret = NonEmpty(o.ShopMonkeyWebhookSecret) ?? sealedSecrets.Open(config.WebhookSecretSealed) ?? StandardWebhookSignature.NewSecret();
        // Sealed again only when it changed: a new ciphertext each start would be a needless write.
        if (sealedSecrets.Open(config.ApiKeySealed) != apiKey || !SecretBox.IsSealed(config.ApiKeySealed))
            config.ApiKeySealed = sealedSecrets.SealOrNull(apiKey);
        if (sealedSecrets.Open(config.WebhookSecretSealed) != webhookSecret || !SecretBox.IsSealed(config.WebhookSecretSealed))
            config.WebhookSecretSealed = sealedSecrets.Seal(webhookSecret);
        config.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        directory.Forget(DemoShop.TenantSlug);
        // Demo mode only: the local sandbox's own generated key, so its v3 API can be tried by hand.
        if (config.UsesSandbox)
            Log.SandboxKey(logger, apiKey ?? "");

        await EnsureMessagingAsync(tenant.Id, now, ct);
        await EnsureStaffAsync(tenant.Id, now, ct);
        if (o.SampleLeads)
            await SampleLeads.AddAsync(db, tenant.Id, now, ct);
    }

    /// <summary>
    /// The demo tenant texts from its shop number and records every message in the outbox
    /// (<c>demo_mode</c>): a newcomer sees messages without any provider account. It gets the default cadence.
    /// </summary>
    private async Task EnsureMessagingAsync(Guid tenantId, DateTimeOffset now, CancellationToken ct)
    {
        if (!await db.TenantMessagingConfigs.AcrossTenants().AnyAsync(c => c.TenantId == tenantId, ct))
            db.TenantMessagingConfigs.Add(new TenantMessagingConfig
            {
                TenantId = tenantId,
                DemoMode = true,
                EmailFromAddress = DemoShop.Email,
                EmailFromName = DemoShop.LocationName,
                UpdatedAt = now,
            });
        foreach (var location in await db.Locations.AcrossTenants().Where(l => l.TenantId == tenantId && l.SmsNumber == null).ToListAsync(ct))
            location.SmsNumber = location.Phone;
        if (!await db.Cadences.AcrossTenants().AnyAsync(c => c.TenantId == tenantId, ct))
            db.Cadences.Add(CadenceScheduler.NewDefault(tenantId, now));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A staff account for the console; its password is configured or generated once and kept in app_secrets.</summary>
    private async Task EnsureStaffAsync(Guid tenantId, DateTimeOffset now, CancellationToken ct)
    {
        var email = options.Value.StaffEmail.Trim().ToLowerInvariant();
        var password = options.Value.StaffPassword is { Length: > 0 } configured
            ? configured
            : await secrets.GetOrCreateAsync(StaffPasswordSecret, () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), ct);
        var user = await db.Users.AcrossTenants().FirstOrDefaultAsync(u => u.Email == email, ct);
        if (user is null)
        {
            user = new StaffUser { Id = Guid.CreateVersion7(now), TenantId = tenantId, Email = email, DisplayName = "Jess Parker", Role = StaffRole.Owner, PasswordHash = "", CreatedAt = now };
            db.Users.Add(user);
            // The demo's owner is told of handoffs and bookings by email (the outbox), so a newcomer sees what staff get.
            db.Add(new Notifications.NotificationPreference { UserId = user.Id, TenantId = tenantId, HandoffEmail = true, AppointmentEmail = true, UpdatedAt = now });
        }
        if (user.PasswordHash is not { Length: > 0 } hash || hasher.VerifyHashedPassword(user, hash, password) == PasswordVerificationResult.Failed)
            (user.PasswordHash, user.SecurityStamp) = (hasher.HashPassword(user, password), StaffUser.NewStamp()); // a new password ends old sessions
        await db.SaveChangesAsync(ct);
        // Demo mode only: a local sandbox's generated sign-in, shown so the newcomer can use it.
        Log.StaffSignIn(logger, email, options.Value.StaffPassword is { Length: > 0 } ? "(the configured Demo:StaffPassword)" : password);
    }

    public const string StaffPasswordSecret = "demo-staff-password";

    private static Location NewLocation(Guid tenantId, DateTimeOffset now)
    {
        var location = new Location
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenantId,
            Name = DemoShop.LocationName,
            TimeZone = DemoShop.TimeZone,
            Address1 = DemoShop.Address1,
            Address2 = DemoShop.Address2,
            City = DemoShop.City,
            State = DemoShop.State,
            PostalCode = DemoShop.PostalCode,
            Phone = DemoShop.Phone,
            Email = DemoShop.Email,
            Website = DemoShop.Website,
            ShopMonkeyLocationId = DemoShop.ShopMonkeyLocationId,
            CreatedAt = now,
        };
        location.Hours.AddRange(DemoShop.WeeklyHours.Select(h => new LocationHours
        {
            TenantId = tenantId,
            DayOfWeek = h.Day,
            Opens = h.Opens,
            Closes = h.Closes,
        }));
        return location;
    }

    /// <summary>Closed dates for this year and next, added once each, so the demo stays right over the years.</summary>
    private async Task AddUpcomingHolidaysAsync(Guid tenantId, DateTimeOffset now, CancellationToken ct)
    {
        var location = await db.Locations.AcrossTenants().Include(l => l.Hours)
            .FirstAsync(l => l.TenantId == tenantId && l.ShopMonkeyLocationId == DemoShop.ShopMonkeyLocationId, ct);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(location.TimeZone)).DateTime);
        var known = location.Hours.Where(h => h.Date is not null).Select(h => h.Date!.Value).ToHashSet();
        foreach (var (date, note) in DemoShop.Holidays(today.Year).Concat(DemoShop.Holidays(today.Year + 1)))
        {
            if (date >= today && known.Add(date))
                location.Hours.Add(new LocationHours { TenantId = tenantId, Date = date, Note = note });
        }
        await db.SaveChangesAsync(ct);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Demo ShopMonkey sandbox API: /sandbox/shopmonkey/v3/… with the header 'Authorization: Bearer {ApiKey}' (e.g. /sandbox/shopmonkey/v3/order)")]
        public static partial void SandboxKey(ILogger logger, string apiKey);

        [LoggerMessage(LogLevel.Information, "Demo console sign-in: {Email} / {Password}")]
        public static partial void StaffSignIn(ILogger logger, string email, string password);

        [LoggerMessage(LogLevel.Information, "Seeded demo tenant '{Slug}' with {Services} services")]
        public static partial void Created(ILogger logger, string slug, int services);
    }
}
