using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Intake;
using LeadOrchestrator.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tenants;

/// <summary>
/// The owner's view of the ShopMonkey connection (<c>GET /api/console/integrations/shopmonkey</c>): where it points and
/// which key and secret are set, by their last four characters only; and a new webhook secret
/// (<c>POST …/webhook-secret</c>), shown this once for ShopMonkey's settings, with the old one still accepted for a
/// grace period so no delivery is refused while the shop updates it.
/// </summary>
public static class IntegrationEndpoints
{
    /// <summary>How long the secret before a rotation is still accepted.</summary>
    public static readonly TimeSpan RotationGrace = TimeSpan.FromHours(24);

    /// <param name="ApiKeyHint">The key's last four characters (“…a1b2”), never the key.</param>
    /// <param name="WebhookUrl">Where ShopMonkey sends this tenant's order events.</param>
    /// <param name="Health">Is ShopMonkey's side delivering: the webhook as last checked, the last delivery, the last poll.</param>
    public sealed record ShopMonkeyConnection(string? BaseUrl, bool UsesSandbox, string? ApiKeyHint, string? WebhookSecretHint,
        DateTimeOffset? PreviousSecretValidUntil, string WebhookUrl, bool PollingEnabled, WebhookHealth Health);

    /// <param name="WebhookId">ShopMonkey's id of our webhook, once registered through its API (or found by its URL).</param>
    /// <param name="Problem">What the daily check found wrong (and did: re-enabled, registered again); null when all is well.</param>
    /// <param name="LastWebhookAt">The newest order event ShopMonkey delivered; <paramref name="LastPollAt"/> the last successful poll.</param>
    public sealed record WebhookHealth(string? WebhookId, DateTimeOffset? CheckedAt, string? Problem, DateTimeOffset? LastWebhookAt,
        DateTimeOffset? LastPollAt, string? LastPollError);

    /// <param name="WebhookSecret">The new secret, shown this once: paste it into ShopMonkey's webhook settings.</param>
    public sealed record RotatedSecret(string WebhookSecret, string WebhookUrl, DateTimeOffset PreviousSecretValidUntil);

    /// <param name="ApiKey">A ShopMonkey API key (Settings → Integrations → API keys).</param>
    /// <param name="BaseUrl">The API's address; https://api.shopmonkey.cloud when left out.</param>
    public sealed record ConnectRequest(string? ApiKey, string? BaseUrl);

    /// <param name="TimeZone">ShopMonkey's time zone when it is an IANA name (America/Chicago); null when missing or not one (ask the owner).</param>
    /// <param name="EnabledAs">Our location for it, once enabled.</param>
    public sealed record ShopMonkeyLocation(string Id, string? Name, string? Address, string? Phone, string? TimeZone, Guid? EnabledAs);

    public sealed record Connected(ShopMonkeyConnection Connection, IReadOnlyList<ShopMonkeyLocation> Locations);

    public sealed record LocationChoices(IReadOnlyList<ShopMonkeyLocation> Locations);

    /// <param name="Services">The canned services now in the catalog (prices stay ShopMonkey's; each bookable or not, with a duration).</param>
    /// <param name="Bookable">Of those, the ones customers can book.</param>
    /// <param name="Deactivated">Services ShopMonkey no longer has, switched off.</param>
    public sealed record CatalogImport(int Services, int Bookable, int Deactivated);

    /// <param name="Registered">ShopMonkey has our webhook (its id and triggers as ShopMonkey keeps them).</param>
    /// <param name="Problem">Why not, in ShopMonkey's words; then <paramref name="ManualSteps"/> say what to do by hand.</param>
    public sealed record WebhookRegistration(bool Registered, string? WebhookId, string Url, IReadOnlyList<string> Triggers, string? Problem,
        IReadOnlyList<string>? ManualSteps);

    /// <summary>The most locations listed from ShopMonkey (a franchise has hundreds; more than this is an operator's job).</summary>
    public const int MaxLocations = 1000;

    public static IEndpointRouteBuilder MapIntegrationApi(this IEndpointRouteBuilder app)
    {
        var shopMonkey = app.MapConsoleApi().RequireStaff(StaffPolicies.Owner).MapGroup("/integrations/shopmonkey");
        shopMonkey.MapGet("/", GetAsync).WithName("GetShopMonkeyConnection");
        shopMonkey.MapPost("/", ConnectAsync).WithName("ConnectShopMonkey");
        shopMonkey.MapGet("/locations", LocationsAsync).WithName("ListShopMonkeyLocations");
        shopMonkey.MapPost("/webhook-secret", RotateAsync).WithName("RotateShopMonkeyWebhookSecret");
        shopMonkey.MapPost("/webhook", RegisterWebhookAsync).WithName("RegisterShopMonkeyWebhook");
        shopMonkey.MapPost("/catalog", ImportCatalogAsync).WithName("ImportShopMonkeyCatalog");
        return app;
    }

    internal static async Task<Results<Ok<ShopMonkeyConnection>, NotFound>> GetAsync(AppDbContext db, SecretBox secrets, Links.PublicUrls self, CancellationToken ct)
    {
        var config = await db.TenantCrmConfigs.AsNoTracking().FirstOrDefaultAsync(ct);
        if (config is null)
            return TypedResults.NotFound();
        var slug = await db.Tenants.Where(t => t.Id == config.TenantId).Select(t => t.Slug).SingleAsync(ct);
        return TypedResults.Ok(new ShopMonkeyConnection(config.UsesSandbox ? null : config.ApiBaseUrl ?? ShopMonkey.ShopMonkeyOptions.DefaultApiBaseUrl, config.UsesSandbox,
            secrets.Hint(config.ApiKeySealed), secrets.Hint(config.WebhookSecretSealed), config.PreviousWebhookSecretUntil, WebhookUrl(self, slug), config.PollingEnabled,
            await HealthAsync(db, config, ct)));
    }

    /// <summary>
    /// A new secret; the current one becomes the previous, accepted for <see cref="RotationGrace"/>. (A rotation within
    /// the grace of the last one drops the oldest: two secrets at most are ever accepted.)
    /// </summary>
    internal static async Task<Results<Ok<RotatedSecret>, NotFound>> RotateAsync(AppDbContext db, SecretBox secrets, Links.PublicUrls self, TenantDirectory directory,
        TimeProvider time, CancellationToken ct)
    {
        var config = await db.TenantCrmConfigs.FirstOrDefaultAsync(ct);
        if (config is null)
            return TypedResults.NotFound();
        var now = time.GetUtcNow();
        var secret = StandardWebhookSignature.NewSecret();
        (config.PreviousWebhookSecretSealed, config.PreviousWebhookSecretUntil) = (config.WebhookSecretSealed, now + RotationGrace);
        config.WebhookSecretSealed = secrets.Seal(secret);
        config.UpdatedAt = now;
        Audit.AuditRecorder.Add(db, Audit.AuditActions.WebhookSecretRotated, config.TenantId, null, now, "integration", config.TenantId,
            details: new { hint = secrets.Hint(config.WebhookSecretSealed), previousValidUntil = config.PreviousWebhookSecretUntil });
        await db.SaveChangesAsync(ct);
        var slug = await db.Tenants.Where(t => t.Id == config.TenantId).Select(t => t.Slug).SingleAsync(ct);
        directory.Forget(slug);
        return TypedResults.Ok(new RotatedSecret(secret, WebhookUrl(self, slug), config.PreviousWebhookSecretUntil!.Value));
    }

    /// <summary>
    /// The owner's key, checked by a real call (the account's locations) before anything is stored: a wrong key is
    /// refused with ShopMonkey's reason and changes nothing. Kept sealed; a tenant without a connection yet also gets
    /// its webhook secret. Calling it again with a new key replaces the key (the webhook secret stays).
    /// </summary>
    internal static async Task<Results<Ok<Connected>, ValidationProblem, ProblemHttpResult>> ConnectAsync(ConnectRequest request, AppDbContext db,
        TenantContext tenant, SecretBox secrets, ShopMonkey.ShopMonkeyClientFactory clients, Links.PublicUrls self, TenantDirectory directory, TimeProvider time,
        IHostEnvironment environment, CancellationToken ct)
    {
        var key = CleanText.Clean(request.ApiKey ?? "").Trim();
        if (key.Length is 0 or > 500)
            return Problems.Invalid("apiKey", "Paste the API key from ShopMonkey (Settings → Integrations).");
        var address = CleanText.Clean(request.BaseUrl ?? "").Trim() is { Length: > 0 } given ? given : ShopMonkey.ShopMonkeyOptions.DefaultApiBaseUrl;
        // https; plain http only to this machine and not in production (a local fake while developing): a key never
        // crosses a network in the clear, and a production owner cannot point the app at its own host's services.
        var localHttp = !environment.IsProduction() && address.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
        if (address.Length > 500 || !Uri.TryCreate(address, UriKind.Absolute, out var baseUrl)
            || !(baseUrl.Scheme == Uri.UriSchemeHttps || (localHttp && baseUrl.IsLoopback)) || baseUrl.Query.Length > 0)
            return Problems.Invalid("baseUrl", "An https address, such as https://api.shopmonkey.cloud.");

        List<ShopMonkey.SmLocation> found;
        try
        {
            found = await clients.Create(baseUrl, key).ListLocationsAsync(ct).Take(MaxLocations).ToListAsync(ct);
        }
        catch (ShopMonkey.ShopMonkeyApiException e)
        {
            return e.Failure switch
            {
                ShopMonkey.ShopMonkeyFailure.Unauthorized => Problems.Refused(StatusCodes.Status400BadRequest, "shopmonkey_refused_key",
                    $"ShopMonkey did not accept this key: {e.Message}"),
                ShopMonkey.ShopMonkeyFailure.Rejected => Problems.Refused(StatusCodes.Status400BadRequest, "shopmonkey_refused",
                    $"ShopMonkey refused the request: {e.Message}"),
                _ => Problems.Refused(StatusCodes.Status502BadGateway, "shopmonkey_unreachable",
                    "ShopMonkey could not be reached; nothing was changed. Try again in a minute."),
            };
        }

        var now = time.GetUtcNow();
        var config = await db.TenantCrmConfigs.FirstOrDefaultAsync(ct);
        if (config is null)
        {
            config = new TenantCrmConfig { TenantId = tenant.TenantId!.Value, WebhookSecretSealed = secrets.Seal(StandardWebhookSignature.NewSecret()) };
            db.TenantCrmConfigs.Add(config);
        }
        (config.ApiKeySealed, config.ApiBaseUrl, config.UsesSandbox, config.UpdatedAt) = (secrets.Seal(key), baseUrl.ToString().TrimEnd('/'), false, now);
        Audit.AuditRecorder.Add(db, Audit.AuditActions.ShopMonkeyConnected, config.TenantId, null, now, "integration", config.TenantId,
            details: new { baseUrl = config.ApiBaseUrl, apiKey = secrets.Hint(config.ApiKeySealed), locations = found.Count });
        await db.SaveChangesAsync(ct);
        var slug = await db.Tenants.Where(t => t.Id == config.TenantId).Select(t => t.Slug).SingleAsync(ct);
        directory.Forget(slug);
        var connection = new ShopMonkeyConnection(config.ApiBaseUrl, false, secrets.Hint(config.ApiKeySealed), secrets.Hint(config.WebhookSecretSealed),
            config.PreviousWebhookSecretUntil, WebhookUrl(self, slug), config.PollingEnabled, await HealthAsync(db, config, ct));
        return TypedResults.Ok(new Connected(connection, await ChoicesAsync(db, found, ct)));
    }

    /// <summary>
    /// Our webhook registered at ShopMonkey through its API, or set again when it is there (so this can be pressed
    /// again, and re-enables one in an error state). When ShopMonkey refuses or cannot be reached, the answer says so
    /// and what to do by hand; polling keeps bringing the orders in meanwhile.
    /// </summary>
    internal static async Task<Results<Ok<WebhookRegistration>, NotFound>> RegisterWebhookAsync(AppDbContext db, ShopMonkeyWebhooks webhooks, TimeProvider time,
        CancellationToken ct)
    {
        if (await db.TenantCrmConfigs.FirstOrDefaultAsync(ct) is not { ApiKeySealed: not null } config)
            return TypedResults.NotFound();
        var slug = await db.Tenants.Where(t => t.Id == config.TenantId).Select(t => t.Slug).SingleAsync(ct);
        var url = webhooks.Url(slug).ToString();
        var now = time.GetUtcNow();
        try
        {
            var registered = await webhooks.RegisterAsync(config, slug, ct);
            (config.WebhookId, config.WebhookRegisteredAt, config.WebhookCheckedAt, config.WebhookProblem) = (registered.Id, now, now, null);
            Audit.AuditRecorder.Add(db, Audit.AuditActions.WebhookRegistered, config.TenantId, null, now, "integration", config.TenantId,
                details: new { webhookId = registered.Id, url, triggers = registered.Triggers });
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(new WebhookRegistration(true, registered.Id, url, registered.Triggers ?? ShopMonkeyWebhooks.Triggers, null, null));
        }
        catch (ShopMonkey.ShopMonkeyApiException e)
        {
            var problem = e.Failure is ShopMonkey.ShopMonkeyFailure.Unauthorized or ShopMonkey.ShopMonkeyFailure.Rejected
                ? $"ShopMonkey refused the webhook: {e.Message}" : "ShopMonkey could not be reached.";
            (config.WebhookCheckedAt, config.WebhookProblem) = (now, problem);
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(new WebhookRegistration(false, config.WebhookId, url, ShopMonkeyWebhooks.Triggers, problem, webhooks.ManualSteps(slug)));
        }
    }

    /// <summary>
    /// The canned services imported now (the poll also does it every few hours): the same sync, so importing twice
    /// changes nothing the second time. ShopMonkey's prices are kept as they are.
    /// </summary>
    internal static async Task<Results<Ok<CatalogImport>, NotFound, ProblemHttpResult>> ImportCatalogAsync(AppDbContext db, TenantContext tenant,
        ShopMonkey.ShopMonkeyClientFactory clients, Intake.CatalogSync catalog, TimeProvider time, CancellationToken ct)
    {
        if (await db.TenantCrmConfigs.AsNoTracking().FirstOrDefaultAsync(ct) is not { ApiKeySealed: not null } config)
            return TypedResults.NotFound();
        try
        {
            var result = await catalog.SyncAsync(tenant.TenantId!.Value, clients.Create(config), ct);
            var synced = time.GetUtcNow();
            await db.CrmSyncStates.ExecuteUpdateAsync(s => s.SetProperty(x => x.CatalogSyncedAt, synced), ct);
            var bookable = await db.ServiceCatalog.CountAsync(s => s.Active && s.Bookable, ct);
            return TypedResults.Ok(new CatalogImport(result.Services, bookable, result.Deactivated));
        }
        catch (ShopMonkey.ShopMonkeyApiException e)
        {
            return StoredKeyProblem(e, "ShopMonkey could not be reached; the catalog is as it was. Try again in a minute.");
        }
    }

    /// <summary>The account's ShopMonkey locations, each with its time zone when ShopMonkey's is a real IANA name, and ours when enabled.</summary>
    internal static async Task<Results<Ok<LocationChoices>, NotFound, ProblemHttpResult>> LocationsAsync(AppDbContext db, ShopMonkey.ShopMonkeyClientFactory clients,
        CancellationToken ct)
    {
        if (await db.TenantCrmConfigs.AsNoTracking().FirstOrDefaultAsync(ct) is not { ApiKeySealed: not null } config)
            return TypedResults.NotFound();
        try
        {
            var found = await clients.Create(config).ListLocationsAsync(ct).Take(MaxLocations).ToListAsync(ct);
            return TypedResults.Ok(new LocationChoices(await ChoicesAsync(db, found, ct)));
        }
        catch (ShopMonkey.ShopMonkeyApiException e)
        {
            return StoredKeyProblem(e, "ShopMonkey could not be reached. Try again in a minute.");
        }
    }

    private static async Task<List<ShopMonkeyLocation>> ChoicesAsync(AppDbContext db, List<ShopMonkey.SmLocation> found, CancellationToken ct)
    {
        var ids = found.Select(l => l.Id).ToList();
        var ours = await db.Locations.AsNoTracking().Where(l => l.ShopMonkeyLocationId != null && ids.Contains(l.ShopMonkeyLocationId))
            .ToDictionaryAsync(l => l.ShopMonkeyLocationId!, l => l.Id, ct);
        return [.. found.Select(l => new ShopMonkeyLocation(l.Id, l.Name,
            string.Join(", ", new[] { l.Address1, l.City, l.State, l.PostalCode }.Where(p => !string.IsNullOrWhiteSpace(p))) is { Length: > 0 } a ? a : null,
            l.Phone, IanaZone(l.Timezone), ours.TryGetValue(l.Id, out var id) ? id : null))];
    }

    private static async Task<WebhookHealth> HealthAsync(AppDbContext db, TenantCrmConfig config, CancellationToken ct)
    {
        var lastWebhook = await db.InboundEvents.Where(e => e.Source == Intake.InboundEventSource.Webhook).MaxAsync(e => (DateTimeOffset?)e.ReceivedAt, ct);
        var poll = await db.CrmSyncStates.AsNoTracking().Select(s => new { s.LastPollSucceededAt, s.LastPollError }).FirstOrDefaultAsync(ct);
        return new WebhookHealth(config.WebhookId, config.WebhookCheckedAt, config.WebhookProblem, lastWebhook, poll?.LastPollSucceededAt, poll?.LastPollError);
    }

    /// <summary>
    /// ShopMonkey turned down a call made with the stored key: the key no longer works (409, connect again), or
    /// ShopMonkey could not be reached (502, in <paramref name="unreachable"/>'s words).
    /// </summary>
    internal static ProblemHttpResult StoredKeyProblem(ShopMonkey.ShopMonkeyApiException e, string unreachable) =>
        e.Failure == ShopMonkey.ShopMonkeyFailure.Unauthorized
            ? Problems.Refused(StatusCodes.Status409Conflict, "shopmonkey_refused_key", $"ShopMonkey no longer accepts the stored key: {e.Message}. Connect again with a new one.")
            : Problems.Refused(StatusCodes.Status502BadGateway, "shopmonkey_unreachable", unreachable);

    /// <summary>An IANA time zone name this machine knows (America/Chicago), else null; Windows names and offsets are not kept.</summary>
    public static string? IanaZone(string? name) =>
        name is { Length: > 0 and <= 64 } && name.Contains('/') && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) && zone.HasIanaId ? zone.Id : null;

    private static string WebhookUrl(Links.PublicUrls self, string slug) => self.Resolve($"webhooks/shopmonkey/{slug}").ToString();
}
