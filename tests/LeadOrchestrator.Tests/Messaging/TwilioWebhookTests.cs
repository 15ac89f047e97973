using System.Net;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.Messaging;

/// <summary>Twilio status callbacks and inbound texts: signatures, monotonic statuses, STOP/START/HELP, conversations.</summary>
public abstract class TwilioWebhookTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    private MessagingHarness H { get; set; } = null!;

    public async ValueTask InitializeAsync() => H = await MessagingHarness.StartAsync(kind, postgres);

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    private async Task<MessageDelivery> SmsDeliveryAsync(Guid leadId) => (await H.DeliveriesAsync(leadId)).First(d => d.Channel == Channel.Sms);

    [Fact]
    public async Task StatusCallbacks_MoveForwardOnly_AndKeepEveryReport()
    {
        var lead = await H.ContactedLeadAsync();
        var sid = (await SmsDeliveryAsync(lead.Id)).ProviderMessageId!;

        Assert.Equal(HttpStatusCode.OK, (await H.StatusCallbackAsync(sid, "sent")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await H.StatusCallbackAsync(sid, "delivered")).StatusCode);
        await H.StatusCallbackAsync(sid, "sent"); // late
        await H.StatusCallbackAsync(sid, "delivered"); // twice

        var delivery = await SmsDeliveryAsync(lead.Id);
        Assert.Equal(DeliveryStatus.Delivered, delivery.Status);
        Assert.Equal(6, System.Text.Json.JsonDocument.Parse(delivery.StatusHistory).RootElement.GetArrayLength()); // sending, queued + 4 reports
    }

    [Fact]
    public async Task StatusCallback_WithBadSignature_Is403_AndChangesNothing()
    {
        var lead = await H.ContactedLeadAsync();
        var before = await SmsDeliveryAsync(lead.Id);

        var response = await H.PostTwilioAsync("/webhooks/twilio/status",
            new Dictionary<string, string> { ["MessageSid"] = before.ProviderMessageId!, ["MessageStatus"] = "delivered" }, signature: "bm90IGEgc2lnbmF0dXJl");
        var unsigned = await H.App.Client.PostAsync("/webhooks/twilio/status", new FormUrlEncodedContent(new Dictionary<string, string> { ["MessageSid"] = before.ProviderMessageId!, ["MessageStatus"] = "delivered" }), TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (response.StatusCode, unsigned.StatusCode));
        var after = await SmsDeliveryAsync(lead.Id);
        Assert.Equal((before.Status, before.StatusHistory), (after.Status, after.StatusHistory));
    }

    [Fact]
    public async Task StatusCallback_ForAnUnknownMessage_Is200_AndChangesNothing()
    {
        var lead = await H.ContactedLeadAsync();
        var before = await H.DeliveriesAsync(lead.Id);

        var response = await H.StatusCallbackAsync("SM" + new string('f', 32), "delivered");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before.Select(d => d.StatusHistory), (await H.DeliveriesAsync(lead.Id)).Select(d => d.StatusHistory));
    }

    [Theory]
    [InlineData("21610", StopReasons.OptedOut)]
    [InlineData("21211", StopReasons.NumberInvalid)]
    [InlineData("21614", StopReasons.NumberInvalid)]
    public async Task StatusCallback_WithRecipientError_StopsSms(string errorCode, string reason)
    {
        var lead = await H.ContactedLeadAsync();
        var sid = (await SmsDeliveryAsync(lead.Id)).ProviderMessageId!;

        await H.StatusCallbackAsync(sid, "undelivered", errorCode);

        var delivery = await SmsDeliveryAsync(lead.Id);
        Assert.Equal((DeliveryStatus.Undelivered, errorCode), (delivery.Status, delivery.ErrorCode));
        Assert.Equal(reason, (await H.LeadAsync(lead.Id)).SmsStopReason);
        Assert.All((await H.TouchesAsync(lead.Id)).Where(t => t.Channel == Channel.Sms).Skip(1), t => Assert.Equal(TouchPointStatus.Cancelled, t.Status));
        Assert.All((await H.TouchesAsync(lead.Id)).Where(t => t.Channel == Channel.Email).Skip(1), t => Assert.Equal(TouchPointStatus.Scheduled, t.Status));
    }

    [Theory]
    [InlineData("STOP")]
    [InlineData(" stop ")]
    [InlineData("Stop")]
    [InlineData("STOPALL")]
    [InlineData("unsubscribe")]
    [InlineData("Cancel")]
    [InlineData("END")]
    [InlineData("quit")]
    [InlineData("REVOKE")]
    [InlineData("optout")]
    public async Task Stop_OptsTheNumberOut_ForEveryLeadWithIt_SmsOnly(string text)
    {
        var first = await H.ContactedLeadAsync();
        var second = await H.ContactedLeadAsync(); // the same person asked about a second car

        var response = await H.TextTheShopAsync("+15125550187", text);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("<Response/>", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)); // Twilio confirms STOP itself
        var consent = await H.App.DbAsync(db => db.ContactConsents.AcrossTenants().AsNoTracking().SingleAsync());
        Assert.Equal((Channel.Sms, "+15125550187", ConsentStatus.OptedOut, ConsentSources.SmsKeyword, text.Trim()), (consent.Channel, consent.Address, consent.Status, consent.Source, consent.Detail));
        foreach (var lead in new[] { first, second })
        {
            var touches = await H.TouchesAsync(lead.Id);
            Assert.All(touches.Where(t => t.Channel == Channel.Sms).Skip(1), t => Assert.Equal((TouchPointStatus.Cancelled, StopReasons.OptedOut), (t.Status, t.CancelReason)));
            Assert.All(touches.Where(t => t.Channel == Channel.Email).Skip(1), t => Assert.Equal(TouchPointStatus.Scheduled, t.Status));
            Assert.Equal((CadenceStatus.Active, StopReasons.OptedOut), ((await H.LeadAsync(lead.Id)).CadenceStatus, (await H.LeadAsync(lead.Id)).SmsStopReason));
        }
        var texts = H.Twilio.Creates.Count;
        await H.RunCadenceAsync(first.Id);
        Assert.Equal(texts, H.Twilio.Creates.Count); // no SMS after STOP, for the whole cadence
    }

    [Theory]
    [InlineData("ALTO")]
    [InlineData("parar")]
    [InlineData(" Cancelar ")]
    [InlineData("BAJA")]
    public async Task SpanishStopWords_OptTheNumberOut_AndAreConfirmedInSpanish(string text)
    {
        var lead = await H.ContactedLeadAsync();

        var response = await H.TextTheShopAsync("+15125550187", text);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Twilio confirms only its own keywords: this one is confirmed by the reply, once.
        Assert.Contains("ya no recibirás más mensajes", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var consent = await H.App.DbAsync(db => db.ContactConsents.AcrossTenants().AsNoTracking().SingleAsync());
        Assert.Equal((ConsentStatus.OptedOut, text.Trim()), (consent.Status, consent.Detail));
        Assert.Equal(StopReasons.OptedOut, (await H.LeadAsync(lead.Id)).SmsStopReason);
        Assert.All((await H.TouchesAsync(lead.Id)).Where(t => t.Channel == Channel.Sms).Skip(1), t => Assert.Equal((TouchPointStatus.Cancelled, StopReasons.OptedOut), (t.Status, t.CancelReason)));
    }

    [Fact]
    public async Task StopInASentence_IsAReply_NotAKeyword_AndEndsTheSequence()
    {
        var lead = await H.ContactedLeadAsync();

        var response = await H.TextTheShopAsync("+15125550187", "Stop please, I'll call you tomorrow");

        Assert.Equal("<Response/>", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Empty(await H.App.DbAsync(db => db.ContactConsents.AcrossTenants().ToListAsync()));
        var stored = await H.LeadAsync(lead.Id);
        Assert.Equal((CadenceStatus.Stopped, StopReasons.Engaged), (stored.CadenceStatus, stored.StopReason));
        var message = await H.App.DbAsync(db => db.ChatMessages.AcrossTenants().AsNoTracking().Where(m => m.Role == ChatRole.Customer).SingleAsync());
        Assert.Equal((ConversationChannel.Sms, "Stop please, I'll call you tomorrow", lead.Id), (message.Channel, message.Content, message.LeadId!.Value));
        Assert.NotNull(message.ReplyState); // the assistant answers it over SMS
    }

    [Fact]
    public async Task Start_AfterStop_OptsBackIn()
    {
        await H.ContactedLeadAsync();
        await H.TextTheShopAsync("+15125550187", "STOP");
        H.App.Time.Advance(TimeSpan.FromMinutes(5));

        await H.TextTheShopAsync("+15125550187", "start");

        var latest = await H.App.DbAsync(db => db.ContactConsents.AcrossTenants().AsNoTracking().OrderByDescending(c => c.Id).FirstAsync());
        Assert.Equal(ConsentStatus.OptedIn, latest.Status);
    }

    [Theory]
    [InlineData("HELP")]
    [InlineData("info")]
    public async Task Help_IsAnsweredWithTheShopsNameAndNumber(string text)
    {
        var lead = await H.ContactedLeadAsync();

        var reply = await (await H.TextTheShopAsync("+15125550187", text)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.StartsWith("<Response><Message>acme Round Rock: for help call (512) 555-0142.", reply, StringComparison.Ordinal);
        Assert.Contains("Reply STOP to opt out", reply, StringComparison.Ordinal);
        Assert.Contains(await H.DeliveriesAsync(lead.Id), d => d.Kind == "help" && d.Provider == "twiml");
        Assert.Equal(CadenceStatus.Active, (await H.LeadAsync(lead.Id)).CadenceStatus);
    }

    [Fact]
    public async Task TextFromAnUnknownNumber_IsStored_AndAnsweredPolitely()
    {
        var response = await H.TextTheShopAsync("(737) 555-0100", "Do you do windshields?");

        var reply = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("Thanks for your message! acme Round Rock will get back to you soon", reply, StringComparison.Ordinal);
        var session = await H.App.DbAsync(db => db.ChatSessions.AcrossTenants().AsNoTracking().SingleAsync());
        Assert.Equal(("+17375550100", (Guid?)null), (session.ContactPhone, session.LeadId));
        Assert.Equal("Do you do windshields?", (await H.App.DbAsync(db => db.ChatMessages.AcrossTenants().AsNoTracking().SingleAsync())).Content);
    }

    [Fact]
    public async Task RedeliveredText_IsStoredOnce()
    {
        await H.ContactedLeadAsync();
        const string sid = "SM0000000000000000000000000000abcd";

        await H.TextTheShopAsync("+15125550187", "What time do you open?", sid);
        await H.TextTheShopAsync("+15125550187", "What time do you open?", sid);

        // Once as the customer's message (the assistant's answer to it is another row).
        Assert.Single(await H.App.DbAsync(db => db.ChatMessages.AcrossTenants().Where(m => m.Role == LeadOrchestrator.Conversations.ChatRole.Customer).ToListAsync()));
    }

    [Fact]
    public async Task InboundText_WithBadSignature_Is403_AndStoresNothing()
    {
        var lead = await H.ContactedLeadAsync();

        var response = await H.PostTwilioAsync("/webhooks/twilio/sms", new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + new string('1', 32), ["From"] = "+15125550187", ["To"] = MessagingHarness.ShopNumber, ["Body"] = "STOP",
        }, signature: "c2lnbmVkIHdpdGggdGhlIHdyb25nIHRva2Vu");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await H.App.DbAsync(db => db.ContactConsents.AcrossTenants().ToListAsync()));
        Assert.Empty(await H.App.DbAsync(db => db.ChatMessages.AcrossTenants().ToListAsync()));
        Assert.Equal(CadenceStatus.Active, (await H.LeadAsync(lead.Id)).CadenceStatus);
    }

    [Fact]
    public async Task TextToANumberNoShopUses_IsIgnored()
    {
        var response = await H.TextTheShopAsync("+15125550187", "hello", to: "+15125559999");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await H.App.DbAsync(db => db.ChatMessages.AcrossTenants().ToListAsync()));
    }
}

public sealed class TwilioWebhookTests_Sqlite(PostgresServer postgres) : TwilioWebhookTests(DatabaseKind.Sqlite, postgres);

public sealed class TwilioWebhookTests_Postgres(PostgresServer postgres) : TwilioWebhookTests(DatabaseKind.Postgres, postgres);
