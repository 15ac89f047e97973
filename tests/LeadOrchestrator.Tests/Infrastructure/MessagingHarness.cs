using System.Net.Http.Json;
using System.Security.Cryptography;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadOrchestrator.Tests.Infrastructure;

/// <summary>
/// The intake harness plus messaging: tenant "acme" sends SMS through the official Twilio SDK and email
/// through the official SendGrid SDK, both pointed at fakes on loopback; its shop texts from
/// <see cref="ShopNumber"/>; a staff user can sign in.
/// </summary>
public sealed class MessagingHarness : IAsyncDisposable
{
    public const string ShopNumber = "+15125550142";
    public const string StaffEmail = "manager@acme.example";
    public const string StaffPassword = "correct horse battery staple";

    private int _leads;

    private MessagingHarness(IntakeHarness intake, FakeTwilio twilio, FakeSendGrid sendGrid, ECDsa eventKey)
    {
        Intake = intake;
        Twilio = twilio;
        SendGrid = sendGrid;
        EventKey = eventKey;
    }

    public IntakeHarness Intake { get; }
    public FakeTwilio Twilio { get; }
    public FakeSendGrid SendGrid { get; }

    /// <summary>The private half of the SendGrid event webhook key the app trusts.</summary>
    public ECDsa EventKey { get; }

    public TestApp App => Intake.App;
    public Guid TenantId => Intake.TenantId;

    public static async Task<MessagingHarness> StartAsync(DatabaseKind kind, PostgresServer postgres, IDictionary<string, string?>? settings = null, DateTimeOffset? start = null,
        Action<IServiceCollection>? services = null)
    {
        var twilio = await FakeTwilio.StartAsync();
        var sendGrid = await FakeSendGrid.StartAsync();
        var eventKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var merged = new Dictionary<string, string?>
        {
            ["Messaging:SmsProvider"] = "twilio",
            ["Messaging:EmailProvider"] = "sendgrid",
            ["Messaging:EmailFromAddress"] = "hello@acme.example",
            ["Messaging:LeaseDuration"] = "00:10:00",
            ["Twilio:AccountSid"] = FakeTwilio.AccountSid,
            ["Twilio:AuthToken"] = FakeTwilio.AuthToken,
            ["Twilio:ApiBaseUrl"] = twilio.BaseUrl.ToString(),
            // Real time: generous, so a loaded CI machine is not mistaken for a provider timeout.
            ["Twilio:Timeout"] = "00:00:15",
            ["SendGrid:ApiKey"] = FakeSendGrid.ApiKey,
            ["SendGrid:Host"] = sendGrid.BaseUrl.ToString().TrimEnd('/'),
            ["SendGrid:Timeout"] = "00:00:15",
            ["SendGrid:EventWebhookPublicKey"] = Convert.ToBase64String(eventKey.ExportSubjectPublicKeyInfo()),
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
            merged[k] = v;
        var intake = await IntakeHarness.StartAsync(kind, postgres, merged, start, services);
        twilio.Clock = () => intake.Time.GetUtcNow();
        await intake.App.DbAsync(async db =>
        {
            var location = await db.Locations.AcrossTenants().SingleAsync(l => l.Id == intake.LocationId);
            location.SmsNumber = ShopNumber;
            db.TenantMessagingConfigs.Add(new TenantMessagingConfig { TenantId = intake.TenantId, UpdatedAt = intake.Time.GetUtcNow() });
            await db.SaveChangesAsync();
        });
        var harness = new MessagingHarness(intake, twilio, sendGrid, eventKey);
        await harness.AddStaffAsync(StaffEmail, StaffPassword, StaffRole.Manager);
        return harness;
    }

    /// <summary>A console user of this tenant.</summary>
    /// <summary>
    /// A colleague who can sign in. A manager or front desk works at <paramref name="locationIds"/>, or when none are
    /// given at every location of the tenant (as a one-shop tenant's staff do).
    /// </summary>
    public Task<Guid> AddStaffAsync(string email, string password, StaffRole role, Guid? tenantId = null, IReadOnlyList<Guid>? locationIds = null) =>
        App.DbAsync(async db =>
        {
            // Identity's hasher is scoped (Development checks that nothing takes it from the root); the format is the same.
            using var scope = App.Services.CreateScope();
            var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<StaffUser>>();
            var user = new StaffUser
            {
                Id = Guid.NewGuid(), TenantId = tenantId ?? TenantId, Email = email, DisplayName = $"Acme {role}", Role = role,
                PasswordHash = "", CreatedAt = App.Time.GetUtcNow(),
            };
            user.PasswordHash = hasher.HashPassword(user, password);
            db.Users.Add(user);
            if (role != StaffRole.Owner)
            {
                var locations = locationIds ?? await db.Locations.AcrossTenants().Where(l => l.TenantId == user.TenantId).Select(l => l.Id).ToListAsync();
                db.StaffLocations.AddRange(locations.Select(l => new StaffLocation { TenantId = user.TenantId, UserId = user.Id, LocationId = l }));
            }
            await db.SaveChangesAsync();
            return user.Id;
        });

    /// <summary>A lead made the real way: a ShopMonkey customer and estimate, a signed webhook, the intake worker.</summary>
    public async Task<Lead> CreateLeadAsync(string? phone = "(512) 555-0187", string? email = "tim.candy@example.com", string firstName = "Tim",
        Action<System.Text.Json.Nodes.JsonObject>? customer = null, Action<System.Text.Json.Nodes.JsonObject>? order = null)
    {
        var n = Interlocked.Increment(ref _leads);
        var customerId = $"cust-{n:D4}";
        var person = Intake.ShopMonkey.PutCustomer(customerId, firstName, "Candy", phone, email);
        customer?.Invoke(person);
        var estimate = Intake.ShopMonkey.PutOrder($"order-{n:D4}", Intake.Time.GetUtcNow(), customerId: customerId);
        order?.Invoke(estimate);
        await Intake.PostWebhookAsync(FakeShopMonkey.WebhookBody(estimate));
        return await Intake.LeadEventuallyAsync($"order-{n:D4}");
    }

    public Task<List<TouchPoint>> TouchesAsync(Guid leadId) =>
        App.DbAsync(db => db.TouchPoints.AcrossTenants().AsNoTracking().Where(t => t.LeadId == leadId).OrderBy(t => t.StepNumber).ToListAsync());

    public Task<List<MessageDelivery>> DeliveriesAsync(Guid? leadId = null) =>
        App.DbAsync(db => db.MessageDeliveries.AcrossTenants().AsNoTracking().Where(d => leadId == null || d.LeadId == leadId).OrderBy(d => d.CreatedAt).ThenBy(d => d.Channel).ToListAsync());

    /// <summary>A second tenant with one active lead: for checking that staff of the first one never reach it.</summary>
    public async Task<Guid> ForeignLeadAsync()
    {
        var (other, _) = await IntakeHarness.SeedTenantAsync(App, "other", "other-secret", Intake.ShopMonkey.BaseUrl.ToString(), "loc-other");
        var foreign = Guid.NewGuid();
        await App.DbAsync(async db =>
        {
            var now = App.Time.GetUtcNow();
            db.Leads.Add(new Lead
            {
                Id = foreign, TenantId = other, ShopMonkeyOrderId = "x", OrderStatus = "Estimate", CadenceStatus = LeadOrchestrator.Cadence.CadenceStatus.Active,
                CreatedAt = now, UpdatedAt = now, OrderCreatedAt = now, OrderUpdatedAt = now,
            });
            await db.SaveChangesAsync();
        });
        return foreign;
    }

    public Task<Lead> LeadAsync(Guid leadId) => App.DbAsync(db => db.Leads.AcrossTenants().AsNoTracking().SingleAsync(l => l.Id == leadId));

    /// <summary>
    /// Waits until no touch of the lead is claimed, in flight, or due and not yet picked up — a lead just
    /// made has its first touch due at once, and a test that set up a fault for the next message must not
    /// see the dispatcher take it.
    /// </summary>
    public Task SettledAsync(Guid leadId) =>
        App.EventuallyAsync(async () => (await TouchesAsync(leadId)).All(t => t.Status is not (TouchPointStatus.Claimed or TouchPointStatus.Sending)
            && !(t.Status == TouchPointStatus.Scheduled && t.DueAt <= App.Time.GetUtcNow())), because: "touches settled");

    /// <summary>
    /// Walks the clock from due touch to due touch until the lead's cadence has nothing left to do,
    /// waiting each time for the dispatcher to act.
    /// </summary>
    public async Task RunCadenceAsync(Guid leadId)
    {
        for (var guard = 0; guard < 200; guard++)
        {
            // One snapshot both proves nothing is in flight and picks the next touch: with two reads, a touch
            // claimed in between would be skipped and the clock would jump past the time it is deferred from.
            var settled = await App.EventuallyAsync(async () => await TouchesAsync(leadId) is var all
                && all.All(t => t.Status is not (TouchPointStatus.Claimed or TouchPointStatus.Sending)) ? all : null, because: "touches settled");
            var next = settled.Where(t => t.Status == TouchPointStatus.Scheduled).MinBy(t => t.DueAt);
            if (next is null)
                return;
            if (next.DueAt > App.Time.GetUtcNow())
                App.Time.SetUtcNow(next.DueAt);
            await App.EventuallyAsync(async () => (await TouchesAsync(leadId)).Single(t => t.Id == next.Id) is var t
                && (t.Status != TouchPointStatus.Scheduled || t.DueAt != next.DueAt), advance: TimeSpan.FromSeconds(1), because: $"step {next.StepNumber} handled");
        }
        throw new InvalidOperationException("The cadence did not finish.");
    }

    /// <summary>A form POST signed as Twilio signs it (URL + sorted fields, HMAC-SHA1 with the auth token).</summary>
    public Task<HttpResponseMessage> PostTwilioAsync(string path, Dictionary<string, string> fields, string? signature = null)
    {
        var url = new Uri(App.Client.BaseAddress!, path).ToString();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("X-Twilio-Signature", signature ?? LeadOrchestrator.Messaging.TwilioSignature.Sign(FakeTwilio.AuthToken, url, fields));
        return App.Client.SendAsync(request);
    }

    /// <summary>A customer's text to the shop, as Twilio delivers it.</summary>
    public Task<HttpResponseMessage> TextTheShopAsync(string from, string body, string? sid = null, string to = ShopNumber) =>
        PostTwilioAsync("/webhooks/twilio/sms", new Dictionary<string, string>
        {
            ["MessageSid"] = sid ?? "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["AccountSid"] = FakeTwilio.AccountSid,
            ["From"] = from,
            ["To"] = to,
            ["Body"] = body,
            ["NumMedia"] = "0",
            ["SmsStatus"] = "received",
            ["ApiVersion"] = "2010-04-01",
        });

    /// <summary>A status callback for a message, as Twilio sends it.</summary>
    public Task<HttpResponseMessage> StatusCallbackAsync(string sid, string status, string? errorCode = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["AccountSid"] = FakeTwilio.AccountSid, ["MessageSid"] = sid, ["SmsSid"] = sid, ["MessageStatus"] = status, ["SmsStatus"] = status,
            ["To"] = "+15125550187", ["From"] = ShopNumber, ["ApiVersion"] = "2010-04-01",
        };
        if (errorCode is not null)
            fields["ErrorCode"] = errorCode;
        return PostTwilioAsync("/webhooks/twilio/status", fields);
    }

    /// <summary>SendGrid's signed event webhook: ECDSA P-256 (DER) over timestamp + raw body.</summary>
    public Task<HttpResponseMessage> PostSendGridEventsAsync(string json, ECDsa? key = null)
    {
        var timestamp = App.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = System.Text.Encoding.UTF8.GetBytes(json);
        var signature = (key ?? EventKey).SignData([.. System.Text.Encoding.UTF8.GetBytes(timestamp), .. body], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/sendgrid/events") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(LeadOrchestrator.Messaging.SendGridWebhooks.SignatureHeader, Convert.ToBase64String(signature));
        request.Headers.Add(LeadOrchestrator.Messaging.SendGridWebhooks.TimestampHeader, timestamp);
        return App.Client.SendAsync(request);
    }

    /// <summary>A lead whose first SMS and email have gone out.</summary>
    public async Task<Lead> ContactedLeadAsync(string? phone = "(512) 555-0187", string? email = "tim.candy@example.com")
    {
        var lead = await CreateLeadAsync(phone, email);
        await App.EventuallyAsync(async () => (await TouchesAsync(lead.Id)).Take(2).All(t => t.Status is TouchPointStatus.Sent or TouchPointStatus.Cancelled));
        return lead;
    }

    /// <summary>An HttpClient signed in as the acme manager (cookies kept).</summary>
    public async Task<HttpClient> StaffClientAsync(string email = StaffEmail, string password = StaffPassword)
    {
        var client = App.CreateClient();
        var response = await client.PostAsJsonAsync("/api/console/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Intake.DisposeAsync();
        await Twilio.DisposeAsync();
        await SendGrid.DisposeAsync();
        EventKey.Dispose();
    }
}
