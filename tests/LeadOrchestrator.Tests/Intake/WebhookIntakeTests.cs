using System.Net;
using System.Net.Http.Json;
using System.Text;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Intake;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.Intake;

/// <summary>Invariant 1 (no lead lost, none doubled) and the webhook's bad-input answers, on both databases.</summary>
public abstract class WebhookIntakeTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    protected IntakeHarness H { get; private set; } = null!;

    public async ValueTask InitializeAsync() => H = await IntakeHarness.StartAsync(kind, postgres);

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task Webhook_ForNewEstimate_Returns202AndCreatesOneLeadFromCustomerAndVehicle()
    {
        var order = H.ShopMonkey.PutOrder("6c87aca8-3f2e-47f0-9953-625dbb996a69", H.Time.GetUtcNow());

        var response = await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order), webhookId: "msg_first");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var ack = await response.Content.ReadFromJsonAsync<ShopMonkeyWebhookEndpoints.WebhookAck>(ApiJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal(new ShopMonkeyWebhookEndpoints.WebhookAck("msg_first", false), ack);

        var lead = await H.LeadEventuallyAsync("6c87aca8-3f2e-47f0-9953-625dbb996a69");
        Assert.Equal(H.TenantId, lead.TenantId);
        Assert.Equal(H.LocationId, lead.LocationId);
        Assert.Equal("Tim", lead.FirstName);
        Assert.Equal("Candy", lead.LastName);
        Assert.Equal("+15125550187", lead.Phone); // the primary mobile, "(512) 555-0187" in E.164
        Assert.Equal("tim.candy@example.com", lead.Email); // the primary email, lower-cased
        Assert.Equal((2005, "Toyota", "Tacoma"), (lead.VehicleYear!.Value, lead.VehicleMake!, lead.VehicleModel!));
        Assert.Equal("Ceramic Window Tint - Full Sedan", lead.EstimateName);
        Assert.Equal(44900, lead.EstimateTotalCents);
        Assert.Equal("1004", lead.ShopMonkeyOrderNumber);
        Assert.Equal("Estimate", lead.OrderStatus);
        Assert.Equal(Leads.LeadSource.Webhook, lead.Source);
        Assert.Null(lead.ConvertedAt);

        var ev = Assert.Single(await H.EventsAsync());
        Assert.Equal(InboundEventStatus.Processed, ev.Status);
        Assert.Equal(lead.Id, ev.LeadId);
        Assert.Equal("msg_first", ev.DedupeKey);
        Assert.Equal(1, ev.DeliveryAttempt);
        // The webhook is a hint: the order was re-fetched, and the customer and vehicle fetched by id.
        Assert.Equal(1, H.ShopMonkey.CountRequests("GET", "/v3/order/6c87aca8"));
        Assert.Equal(1, H.ShopMonkey.CountRequests("GET", $"/v3/customer/{FakeShopMonkey.CustomerId}"));
        Assert.Equal(1, H.ShopMonkey.CountRequests("GET", $"/v3/vehicle/{FakeShopMonkey.VehicleId}"));
        Assert.All(H.ShopMonkey.Requests, r => Assert.Equal($"Bearer {FakeShopMonkey.ApiKey}", r.Authorization));
    }

    [Fact]
    public async Task Webhook_SameDeliveryTwice_StoresOneEventAndOneLead()
    {
        var order = H.ShopMonkey.PutOrder("order-dup", H.Time.GetUtcNow());
        var body = FakeShopMonkey.WebhookBody(order);

        var first = await H.PostWebhookAsync(body, webhookId: "msg_same");
        var second = await H.PostWebhookAsync(body, webhookId: "msg_same");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.True((await second.Content.ReadFromJsonAsync<ShopMonkeyWebhookEndpoints.WebhookAck>(ApiJson.Options, TestContext.Current.CancellationToken))!.Duplicate);
        await H.LeadEventuallyAsync("order-dup");
        await H.SettledAsync();
        Assert.Single(await H.EventsAsync());
        Assert.Single(await H.LeadsAsync());
    }

    [Fact]
    public async Task Webhook_RedeliveredUnderNewIds_ManyAtOnce_YieldsOneLead()
    {
        var order = H.ShopMonkey.PutOrder("order-storm", H.Time.GetUtcNow());
        var body = FakeShopMonkey.WebhookBody(order);

        // ShopMonkey's webhook-id is per delivery attempt: retries and duplicates arrive as new events.
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => H.PostWebhookAsync(body, webhookId: $"msg_storm_{i}")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        await H.SettledAsync();
        var lead = Assert.Single(await H.LeadsAsync());
        var events = await H.EventsAsync();
        Assert.Equal(12, events.Count);
        Assert.All(events, e => Assert.Equal(lead.Id, e.LeadId));
        Assert.All(events, e => Assert.True(e.Status is InboundEventStatus.Processed or InboundEventStatus.Ignored, $"{e.Status} {e.Reason}"));
    }

    [Theory]
    [InlineData("tampered-body")]
    [InlineData("wrong-secret")]
    [InlineData("missing-signature")]
    [InlineData("stale-timestamp")]
    [InlineData("future-timestamp")]
    [InlineData("not-a-number-timestamp")]
    [InlineData("v2-scheme-only")]
    public async Task Webhook_WithBadSignature_Returns401AndStoresNothing(string variant)
    {
        var order = H.ShopMonkey.PutOrder("order-bad-sig", H.Time.GetUtcNow());
        var body = FakeShopMonkey.WebhookBody(order);
        var now = H.Time.GetUtcNow().ToUnixTimeSeconds();
        var goodSignature = IntakeHarness.Sign(IntakeHarness.Secret, "msg_x", now, Encoding.UTF8.GetBytes(body));

        var response = variant switch
        {
            "tampered-body" => await H.PostWebhookAsync(body.Replace("Estimate", "Invoice", StringComparison.Ordinal), webhookId: "msg_x", signature: goodSignature),
            "wrong-secret" => await H.PostWebhookAsync(body, webhookId: "msg_x", secret: "whsec_" + Convert.ToBase64String(new byte[32])),
            "missing-signature" => await H.PostWebhookAsync(body, webhookId: "msg_x", signature: ""),
            "stale-timestamp" => await H.PostWebhookAsync(body, webhookId: "msg_x", timestamp: now - 301),
            "future-timestamp" => await H.PostWebhookAsync(body, webhookId: "msg_x", timestamp: now + 301),
            "not-a-number-timestamp" => await SendRawAsync(body, "msg_x", "yesterday", goodSignature),
            "v2-scheme-only" => await H.PostWebhookAsync(body, webhookId: "msg_x", signature: goodSignature.Replace("v1,", "v2,", StringComparison.Ordinal)),
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await H.EventsAsync());
        Assert.Empty(await H.LeadsAsync());
    }

    [Fact]
    public async Task Webhook_WithOneOfSeveralSignaturesValid_IsAccepted()
    {
        // During secret rotation the sender signs with both keys: any v1 match is enough.
        var order = H.ShopMonkey.PutOrder("order-rotation", H.Time.GetUtcNow());
        var body = FakeShopMonkey.WebhookBody(order);
        var ts = H.Time.GetUtcNow().ToUnixTimeSeconds();
        var stale = IntakeHarness.Sign("whsec_" + Convert.ToBase64String(new byte[32]), "msg_rot", ts, Encoding.UTF8.GetBytes(body));
        var good = IntakeHarness.Sign(IntakeHarness.Secret, "msg_rot", ts, Encoding.UTF8.GetBytes(body));

        var response = await H.PostWebhookAsync(body, webhookId: "msg_rot", timestamp: ts, signature: $"{stale} {good}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"table\":\"order\",")]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("\"just a string\"")]
    public async Task Webhook_WithMalformedJson_Returns400AndStoresNothing(string body)
    {
        var response = await H.PostWebhookAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await H.EventsAsync());
    }

    [Fact]
    public async Task Webhook_WithEmptyBody_Returns400AndStoresNothing()
    {
        using var request = H.SignedRequest([], "msg_empty");

        var response = await H.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await H.EventsAsync());
    }

    [Fact]
    public async Task Webhook_WithInvalidUtf8_Returns400AndStoresNothing()
    {
        var bytes = "{\"table\":\"order\",\"x\":\""u8.ToArray().Concat(new byte[] { 0xC3, 0x28 }).Concat("\"}"u8.ToArray()).ToArray();
        using var request = H.SignedRequest(bytes, "msg_utf8");

        var response = await H.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await H.EventsAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Webhook_OverOneMebibyte_Returns413AndStoresNothing(bool chunked)
    {
        var body = "{\"table\":\"order\",\"padding\":\"" + new string('x', ShopMonkeyWebhookEndpoints.MaxBodyBytes) + "\"}";
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = H.SignedRequest(bytes, "msg_big", chunked ? new StreamContent(new MemoryStream(bytes)) : null);
        if (chunked)
            request.Headers.TransferEncodingChunked = true;

        var response = await H.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await H.EventsAsync());
    }

    [Fact]
    public async Task Webhook_ForUnknownTenant_Returns404AndStoresNothing()
    {
        var order = H.ShopMonkey.PutOrder("order-nobody", H.Time.GetUtcNow());

        var response = await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order), slug: "no-such-shop");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await H.EventsAsync());
    }

    [Fact]
    public async Task Webhook_SignedPingThatIsNotAnOrder_IsAcknowledgedAndIgnored()
    {
        var response = await H.PostWebhookAsync("""{"test": 2432232314}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await H.SettledAsync();
        var ev = Assert.Single(await H.EventsAsync());
        Assert.Equal(InboundEventStatus.Ignored, ev.Status);
        Assert.Equal("unsupported_payload", ev.Reason);
        Assert.Empty(await H.LeadsAsync());
    }

    [Theory]
    [InlineData("RepairOrder", false, false)]
    [InlineData("Invoice", true, true)]
    [InlineData("Estimate", true, false)]
    public async Task Webhook_ForOrderAlreadyBeyondEstimate_IsIgnoredWithoutLead(string status, bool invoiced, bool paid)
    {
        var order = H.ShopMonkey.PutOrder("order-converted", H.Time.GetUtcNow(), status: status, invoiced: invoiced, paid: paid);

        await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order));

        await H.SettledAsync();
        var ev = Assert.Single(await H.EventsAsync());
        Assert.Equal((InboundEventStatus.Ignored, "not_an_estimate"), (ev.Status, ev.Reason));
        Assert.Empty(await H.LeadsAsync());
    }

    [Fact]
    public async Task OrderConvertedInShop_UpdatesLeadStatusAndConvertedAt()
    {
        var created = H.Time.GetUtcNow();
        var order = H.ShopMonkey.PutOrder("order-buys", created);
        await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order));
        var lead = await H.LeadEventuallyAsync("order-buys");

        H.Time.Advance(TimeSpan.FromHours(3));
        var converted = H.ShopMonkey.PutOrder("order-buys", H.Time.GetUtcNow(), status: "RepairOrder");
        await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(converted, "UPDATE", "status", "workflowStatusId", "updatedDate"));

        var updated = await H.App.EventuallyAsync(async () => await H.LeadForOrderAsync("order-buys") is { OrderStatus: "RepairOrder" } l ? l : null);
        Assert.Equal(lead.Id, updated.Id);
        Assert.Equal(H.Time.GetUtcNow(), updated.ConvertedAt);
        Assert.True(updated.OrderAuthorized);
        Assert.True(updated.Version > lead.Version);
        Assert.Single(await H.LeadsAsync());
    }

    [Fact]
    public async Task OlderEventArrivingLate_DoesNotRegressLead()
    {
        var t0 = H.Time.GetUtcNow();
        var estimate = FakeShopMonkey.WebhookBody(H.ShopMonkey.PutOrder("order-late", t0));
        // First the create (the API now says RepairOrder)...
        H.ShopMonkey.PutOrder("order-late", t0.AddMinutes(1));
        await H.PostWebhookAsync(estimate, webhookId: "msg_late_1");
        var lead = await H.LeadEventuallyAsync("order-late");
        // ...then the conversion, then a stale duplicate of the create.
        var invoice = H.ShopMonkey.PutOrder("order-late", t0.AddMinutes(5), status: "Invoice", invoiced: true, paid: true);
        await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(invoice, "UPDATE", "status"), webhookId: "msg_late_2");
        await H.App.EventuallyAsync(async () => (await H.LeadForOrderAsync("order-late"))?.OrderStatus == "Invoice");
        await H.PostWebhookAsync(estimate, webhookId: "msg_late_3");
        await H.SettledAsync();

        var final = (await H.LeadForOrderAsync("order-late"))!;
        Assert.Equal("Invoice", final.OrderStatus);
        Assert.True(final.OrderPaid);
        Assert.Equal(lead.Id, final.Id);
        var third = (await H.EventsAsync()).Single(e => e.DedupeKey == "msg_late_3");
        Assert.Equal((InboundEventStatus.Ignored, "already_applied"), (third.Status, third.Reason));
    }

    [Fact]
    public async Task Webhook_IsCommittedToTheInboxBeforeTheAck_WithNoWorkerRunning()
    {
        // A web-only instance: nothing processes the event, so what the 202 promises is the stored row.
        var settings = new Dictionary<string, string?>(IntakeHarness.FastRetries) { ["Roles"] = "web" };
        await using var web = TestApp.Start(await TestDatabase.CreateAsync(kind, postgres), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestApp.DefaultStart), settings);
        await IntakeHarness.SeedTenantAsync(web, "solo", IntakeHarness.Secret, H.ShopMonkey.BaseUrl.ToString(), FakeShopMonkey.LocationId);
        var body = FakeShopMonkey.WebhookBody(H.ShopMonkey.PutOrder("order-durable", web.Time.GetUtcNow()));
        using var request = H.SignedRequest(Encoding.UTF8.GetBytes(body), "msg_durable", slug: "solo", at: web.Time.GetUtcNow());

        var response = await web.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var ev = Assert.Single(await web.DbAsync(db => db.InboundEvents.AcrossTenants().ToListAsync()));
        Assert.Equal((InboundEventStatus.Pending, "msg_durable", "order-durable"), (ev.Status, ev.DedupeKey, ev.EntityId));
        Assert.Equal(body, ev.Payload); // exactly the bytes that were signed
        Assert.Empty(H.ShopMonkey.Requests); // and nobody called ShopMonkey
    }

    [Fact]
    public async Task WorkerOnlyInstance_DoesNotServeWebhooks()
    {
        var settings = new Dictionary<string, string?>(IntakeHarness.FastRetries) { ["Roles"] = "worker" };
        await using var worker = TestApp.Start(H.App.Database, H.Time, settings);

        var response = await worker.Client.PostAsync($"/webhooks/shopmonkey/{IntakeHarness.Slug}", new StringContent("{}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await worker.Client.GetAsync("/health/live", TestContext.Current.CancellationToken)).StatusCode);
    }

    private Task<HttpResponseMessage> SendRawAsync(string body, string id, string timestamp, string signature) =>
        H.Client.SendAsync(IntakeHarness.SignedRequest(IntakeHarness.Slug, new StringContent(body, Encoding.UTF8, "application/json"), id, timestamp, signature));
}

public sealed class WebhookIntakeTests_Sqlite(PostgresServer postgres) : WebhookIntakeTests(DatabaseKind.Sqlite, postgres);

public sealed class WebhookIntakeTests_Postgres(PostgresServer postgres) : WebhookIntakeTests(DatabaseKind.Postgres, postgres);
