using LeadOrchestrator.Data;

namespace LeadOrchestrator.Tenants;

/// <summary>A customer of ours: one franchise owner or shop group, with one or more locations.</summary>
public sealed class Tenant
{
    public Guid Id { get; set; }

    /// <summary>URL-safe name used in webhook URLs: <c>/webhooks/shopmonkey/{slug}</c>.</summary>
    public required string Slug { get; set; }

    public required string Name { get; set; }

    /// <summary>
    /// How many months message bodies are kept (chat messages, the texts and emails sent); older ones are redacted by
    /// <see cref="Customers.MessageRetention"/>, their rows (who, when, delivered or not) kept. Null: kept.
    /// </summary>
    public int? MessageRetentionMonths { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>How one tenant's ShopMonkey account is reached (table <c>tenant_crm_configs</c>).</summary>
public sealed class TenantCrmConfig : ITenantOwned
{
    public Guid TenantId { get; set; }
    public string Provider { get; set; } = "shopmonkey";

    /// <summary>e.g. https://api.shopmonkey.cloud — ignored when <see cref="UsesSandbox"/> is set.</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>Talk to the app's built-in ShopMonkey sandbox (demo mode only).</summary>
    public bool UsesSandbox { get; set; }

    /// <summary>The ShopMonkey API key, sealed (<see cref="SecretBox"/>; column <c>api_key</c>): open it where it is used, never show it.</summary>
    public string? ApiKeySealed { get; set; }

    /// <summary>
    /// The Standard-Webhooks secret (<c>whsec_</c> + base64, or any string used as UTF-8 bytes), sealed (column
    /// <c>webhook_secret</c>).
    /// </summary>
    public string? WebhookSecretSealed { get; set; }

    /// <summary>The secret before the last rotation, sealed: deliveries signed with it are still accepted until <see cref="PreviousWebhookSecretUntil"/>.</summary>
    public string? PreviousWebhookSecretSealed { get; set; }

    public DateTimeOffset? PreviousWebhookSecretUntil { get; set; }

    public bool PollingEnabled { get; set; } = true;

    /// <summary>ShopMonkey's id of the webhook registered for this tenant through its API; null when set up by hand or not yet.</summary>
    public string? WebhookId { get; set; }

    public DateTimeOffset? WebhookRegisteredAt { get; set; }

    /// <summary>When the webhook's health was last read from ShopMonkey, and what was wrong then (null: fine).</summary>
    public DateTimeOffset? WebhookCheckedAt { get; set; }

    public string? WebhookProblem { get; set; }

    /// <summary>Overrides <c>Polling:IntervalSeconds</c> for this tenant.</summary>
    public int? PollIntervalSeconds { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Polling cursor and lease per tenant (table <c>crm_sync_state</c>).</summary>
public sealed class CrmSyncState : ITenantOwned
{
    public Guid TenantId { get; set; }

    /// <summary>Highest order <c>updatedDate</c> seen; the next poll asks from here minus an overlap.</summary>
    public DateTimeOffset? OrdersCursor { get; set; }

    public DateTimeOffset NextPollAt { get; set; }
    public DateTimeOffset? LastPollStartedAt { get; set; }
    public DateTimeOffset? LastPollSucceededAt { get; set; }
    public string? LastPollError { get; set; }
    public DateTimeOffset? CatalogSyncedAt { get; set; }

    /// <summary>When the shop's ShopMonkey calendar (its own appointments and recurring blocks) was last copied.</summary>
    public DateTimeOffset? CalendarSyncedAt { get; set; }

    /// <summary>Which worker instance is polling this tenant right now, and until when.</summary>
    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }
}

/// <summary>A shop (table <c>locations</c>).</summary>
public sealed class Location : ITenantOwned, ILocationScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }

    /// <summary>IANA zone, e.g. America/Chicago; every local time of this shop is computed in it.</summary>
    public required string TimeZone { get; set; }

    public required string Address1 { get; set; }
    public string? Address2 { get; set; }
    public required string City { get; set; }
    public required string State { get; set; }
    public required string PostalCode { get; set; }
    public string Country { get; set; } = "US";

    /// <summary>E.164.</summary>
    public required string Phone { get; set; }

    public string? Email { get; set; }
    public string? Website { get; set; }

    /// <summary>The shop's texting number (E.164): SMS go out from it and replies to it reach this location.</summary>
    public string? SmsNumber { get; set; }

    /// <summary>Marketing SMS only between these local times (default 09:00–20:00); deferred, never dropped.</summary>
    public TimeOnly SmsWindowStart { get; set; } = new(9, 0);

    public TimeOnly SmsWindowEnd { get; set; } = new(20, 0);

    /// <summary>Optional window for marketing email; none by default.</summary>
    public TimeOnly? EmailWindowStart { get; set; }

    public TimeOnly? EmailWindowEnd { get; set; }

    /// <summary>How many jobs the shop runs at once (bays); bookings never exceed it for any minute.</summary>
    public int BayCapacity { get; set; } = 2;

    /// <summary>The location's booking rules (its managers set them); each null is the platform's (<see cref="Booking.BookingOptions"/>).</summary>
    public int? SlotMinutes { get; set; }

    public int? BufferMinutes { get; set; }
    public int? MinimumNoticeMinutes { get; set; }
    public int? HorizonDays { get; set; }

    /// <summary>ShopMonkey's id of this location; orders are matched to a location by it.</summary>
    public string? ShopMonkeyLocationId { get; set; }

    /// <summary>
    /// A location enabled in the console and not yet live: nothing is sent to its customers (their touches wait) until
    /// its setup checklist is complete and someone says go. False for every location from before onboarding existed.
    /// </summary>
    public bool SetupPending { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<LocationHours> Hours { get; set; } = [];
}

/// <summary>
/// Opening hours (table <c>location_hours</c>): a weekly row has <see cref="DayOfWeek"/>, a dated row
/// has <see cref="Date"/> and overrides the week (a holiday, short hours). No times = closed.
/// </summary>
public sealed class LocationHours : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid LocationId { get; set; }
    public DayOfWeek? DayOfWeek { get; set; }
    public DateOnly? Date { get; set; }
    public TimeOnly? Opens { get; set; }
    public TimeOnly? Closes { get; set; }
    public string? Note { get; set; }

    public bool IsClosed => Opens is null;
}

/// <summary>A service the shop sells (table <c>service_catalog</c>), synced from ShopMonkey canned services.</summary>
public sealed class ServiceCatalogItem : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid? LocationId { get; set; }
    public required string Name { get; set; }
    public string? Category { get; set; }
    public string? Description { get; set; }

    /// <summary>Price in integer cents, as ShopMonkey's <c>totalCents</c>.</summary>
    public long PriceCents { get; set; }

    /// <summary>Booking length: the sum of the canned service's labor hours.</summary>
    public int DurationMinutes { get; set; }

    /// <summary>Offered for online booking (ShopMonkey's <c>bookable</c>).</summary>
    public bool Bookable { get; set; }

    /// <summary>False once the service disappears or is deleted in ShopMonkey; kept for history.</summary>
    public bool Active { get; set; } = true;

    public string? ShopMonkeyCannedServiceId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
