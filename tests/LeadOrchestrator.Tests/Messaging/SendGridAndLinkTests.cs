using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.Messaging;

/// <summary>SendGrid's signed event webhook, the unsubscribe page and the chat link page.</summary>
public abstract partial class SendGridAndLinkTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    private MessagingHarness H { get; set; } = null!;

    public async ValueTask InitializeAsync() => H = await MessagingHarness.StartAsync(kind, postgres);

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    private async Task<MessageDelivery> EmailDeliveryAsync(Guid leadId) => (await H.DeliveriesAsync(leadId)).First(d => d.Channel == Channel.Email);

    private static string Events(params JsonObject[] events) => new JsonArray([.. events.Select(e => e.DeepClone())]).ToJsonString() + "\r\n";

    private JsonObject Event(MessageDelivery delivery, string type, string? eventId = null, bool byMessageId = false)
    {
        var e = new JsonObject
        {
            ["email"] = delivery.Recipient,
            ["timestamp"] = H.App.Time.GetUtcNow().ToUnixTimeSeconds(),
            ["event"] = type,
            ["sg_event_id"] = eventId ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)),
            ["sg_message_id"] = $"{delivery.ProviderMessageId}.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0",
        };
        if (!byMessageId)
            e["delivery_id"] = delivery.Id.ToString();
        return e;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Delivered_IsApplied_ByOurIdOrSendGridsMessageId(bool byMessageId)
    {
        var lead = await H.ContactedLeadAsync();
        var delivery = await EmailDeliveryAsync(lead.Id);

        var response = await H.PostSendGridEventsAsync(Events(Event(delivery, "processed", byMessageId: byMessageId), Event(delivery, "delivered", byMessageId: byMessageId)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(DeliveryStatus.Delivered, (await EmailDeliveryAsync(lead.Id)).Status);
    }

    [Fact]
    public async Task HardBounce_StopsEmail_AndSuppressesTheAddress_SmsGoesOn()
    {
        var lead = await H.ContactedLeadAsync();
        var delivery = await EmailDeliveryAsync(lead.Id);
        var bounce = Event(delivery, "bounce");
        bounce["type"] = "bounce";
        bounce["status"] = "5.1.1";
        bounce["reason"] = "550 5.1.1 The email account that you tried to reach does not exist.";

        await H.PostSendGridEventsAsync(Events(bounce));

        var stored = await EmailDeliveryAsync(lead.Id);
        Assert.Equal((DeliveryStatus.Bounced, "5.1.1"), (stored.Status, stored.ErrorCode));
        var consent = await H.App.DbAsync(db => db.ContactConsents.AcrossTenants().AsNoTracking().SingleAsync());
        Assert.Equal((Channel.Email, ConsentStatus.OptedOut, ConsentSources.HardBounce), (consent.Channel, consent.Status, consent.Source));
        Assert.Equal(StopReasons.EmailBounced, (await H.LeadAsync(lead.Id)).EmailStopReason);
        var touches = await H.TouchesAsync(lead.Id);
        Assert.All(touches.Where(t => t.Channel == Channel.Email).Skip(1), t => Assert.Equal((TouchPointStatus.Cancelled, StopReasons.EmailBounced), (t.Status, t.CancelReason)));
        Assert.All(touches.Where(t => t.Channel == Channel.Sms).Skip(1), t => Assert.Equal(TouchPointStatus.Scheduled, t.Status));
    }

    [Fact]
    public async Task BlockedBounce_IsAFailedDelivery_NotASuppression()
    {
        var lead = await H.ContactedLeadAsync();
        var blocked = Event(await EmailDeliveryAsync(lead.Id), "bounce");
        blocked["type"] = "blocked";

        await H.PostSendGridEventsAsync(Events(blocked));

        Assert.Equal(DeliveryStatus.Failed, (await EmailDeliveryAsync(lead.Id)).Status);
        Assert.Empty(await H.App.DbAsync(db => db.ContactConsents.AcrossTenants().ToListAsync()));
        Assert.Null((await H.LeadAsync(lead.Id)).EmailStopReason);
    }

    [Theory]
    [InlineData("spamreport", ConsentSources.SpamReport, StopReasons.SpamComplaint)]
    [InlineData("unsubscribe", ConsentSources.ProviderOptOut, StopReasons.OptedOut)]
    [InlineData("group_unsubscribe", ConsentSources.ProviderOptOut, StopReasons.OptedOut)]
    public async Task ComplaintsAndUnsubscribes_StopEmail(string type, string source, string reason)
    {
        var lead = await H.ContactedLeadAsync();

        await H.PostSendGridEventsAsync(Events(Event(await EmailDeliveryAsync(lead.Id), type)));

        var consent = await H.App.DbAsync(db => db.ContactConsents.AcrossTenants().AsNoTracking().SingleAsync());
        Assert.Equal((ConsentStatus.OptedOut, source), (consent.Status, consent.Source));
        Assert.Equal(reason, (await H.LeadAsync(lead.Id)).EmailStopReason);
    }

    [Fact]
    public async Task SameEventDeliveredAgain_IsAppliedOnce()
    {
        var lead = await H.ContactedLeadAsync();
        var delivery = await EmailDeliveryAsync(lead.Id);
        var open = Event(delivery, "open", eventId: "b3BlbmVkLW9uY2U");

        await H.PostSendGridEventsAsync(Events(open));
        await H.PostSendGridEventsAsync(Events(open, Event(delivery, "delivered")));

        var history = System.Text.Json.JsonDocument.Parse((await EmailDeliveryAsync(lead.Id)).StatusHistory).RootElement;
        Assert.Single(history.EnumerateArray(), e => e.GetProperty("status").GetString() == "open");
        Assert.Single(await H.App.DbAsync(db => db.ProviderEvents.Where(p => p.EventId == "b3BlbmVkLW9uY2U").ToListAsync()));
    }

    [Fact]
    public async Task Events_WithABadSignature_Are403_AndChangeNothing()
    {
        var lead = await H.ContactedLeadAsync();
        var delivery = await EmailDeliveryAsync(lead.Id);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var response = await H.PostSendGridEventsAsync(Events(Event(delivery, "spamreport")), stranger);
        var unsigned = await H.App.Client.PostAsync("/webhooks/sendgrid/events", new StringContent(Events(Event(delivery, "spamreport"))), TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (response.StatusCode, unsigned.StatusCode));
        Assert.Empty(await H.App.DbAsync(db => db.ContactConsents.AcrossTenants().ToListAsync()));
        Assert.Equal(delivery.StatusHistory, (await EmailDeliveryAsync(lead.Id)).StatusHistory);
    }

    [Fact]
    public async Task EventsForUnknownMessages_Are200_AndChangeNothing_MalformedJsonIs400()
    {
        var unknown = new JsonObject { ["email"] = "x@example.com", ["event"] = "delivered", ["sg_event_id"] = "dW5rbm93bg", ["sg_message_id"] = "nothing-of-ours.filter" };

        Assert.Equal(HttpStatusCode.OK, (await H.PostSendGridEventsAsync(Events(unknown))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await H.PostSendGridEventsAsync("[{\"event\":")).StatusCode);
        Assert.Empty(await H.App.DbAsync(db => db.ProviderEvents.ToListAsync()));
    }

    // ---- the unsubscribe page -----------------------------------------------------------------------------

    private async Task<string> UnsubscribePathAsync(Guid leadId) =>
        UnsubscribeLink().Match((await EmailDeliveryAsync(leadId)).Body).Groups[1].Value;

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+(/u/[A-Za-z0-9_-]{44})")]
    private static partial Regex UnsubscribeLink();

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+(/c/[A-Za-z0-9_-]{44})")]
    private static partial Regex ChatLink();

    [Fact]
    public async Task UnsubscribeLink_ShowsAPage_ThenOneClickStopsEmailOnly()
    {
        var lead = await H.ContactedLeadAsync();
        var path = await UnsubscribePathAsync(lead.Id);

        var page = await H.App.Client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("t***@example.com", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Empty(await H.App.DbAsync(db => db.ContactConsents.AcrossTenants().ToListAsync())); // showing changes nothing

        // RFC 8058: the mail client posts List-Unsubscribe=One-Click; twice is the same as once.
        var oneClick = new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" });
        Assert.Equal(HttpStatusCode.OK, (await H.App.Client.PostAsync(path, oneClick, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await H.App.Client.PostAsync(path, null, TestContext.Current.CancellationToken)).StatusCode);

        var consent = await H.App.DbAsync(db => db.ContactConsents.AcrossTenants().AsNoTracking().SingleAsync());
        Assert.Equal((Channel.Email, "tim.candy@example.com", ConsentSources.UnsubscribeLink), (consent.Channel, consent.Address, consent.Source));
        var touches = await H.TouchesAsync(lead.Id);
        Assert.All(touches.Where(t => t.Channel == Channel.Email).Skip(1), t => Assert.Equal((TouchPointStatus.Cancelled, StopReasons.OptedOut), (t.Status, t.CancelReason)));
        Assert.All(touches.Where(t => t.Channel == Channel.Sms).Skip(1), t => Assert.Equal(TouchPointStatus.Scheduled, t.Status));
    }

    [Fact]
    public async Task UnsubscribeLink_KeepsWorkingForAMonth_AndRefusesTampering()
    {
        var lead = await H.ContactedLeadAsync();
        var path = await UnsubscribePathAsync(lead.Id);
        var tampered = path[..^1] + (path[^1] == 'A' ? 'B' : 'A');

        Assert.Equal(HttpStatusCode.NotFound, (await H.App.Client.GetAsync(tampered, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await H.App.Client.PostAsync(tampered, null, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await H.App.Client.GetAsync("/u/short", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Empty(await H.App.DbAsync(db => db.ContactConsents.AcrossTenants().ToListAsync()));

        H.App.Time.Advance(TimeSpan.FromDays(40));
        Assert.Equal(HttpStatusCode.OK, (await H.App.Client.PostAsync(path, null, TestContext.Current.CancellationToken)).StatusCode);
    }

    // ---- the chat link ------------------------------------------------------------------------------------

    [Fact]
    public async Task ChatLink_GreetsTheLead_ExpiresAfter45Days_AndShowsOnlyTheShopsNumberThen()
    {
        var lead = await H.ContactedLeadAsync();
        var sms = (await H.DeliveriesAsync(lead.Id)).First(d => d.Channel == Channel.Sms);
        var path = ChatLink().Match(sms.Body).Groups[1].Value;

        var page = await H.App.Client.GetStringAsync(path, TestContext.Current.CancellationToken);
        Assert.Contains("\"firstName\":\"Tim\"", page, StringComparison.Ordinal);

        var unsubscribeToken = (await UnsubscribePathAsync(lead.Id))[3..];
        Assert.Equal(HttpStatusCode.NotFound, (await H.App.Client.GetAsync("/c/" + unsubscribeToken, TestContext.Current.CancellationToken)).StatusCode); // wrong purpose

        H.App.Time.Advance(TimeSpan.FromDays(46));
        var expired = await H.App.Client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        var body = await expired.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("tel:+15125550142", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Tim", body, StringComparison.Ordinal);
        Assert.Equal("no-referrer", expired.Headers.GetValues("Referrer-Policy").Single());
    }
}

public sealed class SendGridAndLinkTests_Sqlite(PostgresServer postgres) : SendGridAndLinkTests(DatabaseKind.Sqlite, postgres);

public sealed class SendGridAndLinkTests_Postgres(PostgresServer postgres) : SendGridAndLinkTests(DatabaseKind.Postgres, postgres);
