using System.Net;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.Cadence;

/// <summary>The 13-touch cadence from lead to last touch: timing, channels, quiet hours, DST, and what stops it.</summary>
public abstract class CadenceTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    protected MessagingHarness H { get; private set; } = null!;

    public async ValueTask InitializeAsync() => H = await MessagingHarness.StartAsync(kind, postgres);

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task NewLead_GetsThirteenTouches_AndTheFirstSmsAndEmailGoOutAtOnce()
    {
        var lead = await H.CreateLeadAsync();

        var touches = await H.TouchesAsync(lead.Id);
        Assert.Equal(13, touches.Count);
        Assert.Equal(7, touches.Count(t => t.Channel == Channel.Sms));
        Assert.Equal(6, touches.Count(t => t.Channel == Channel.Email));
        Assert.Equal(TimeSpan.FromDays(30), touches.Max(t => t.ScheduledFor) - lead.CreatedAt);
        Assert.All(touches.Zip(touches.Skip(1)), p => Assert.True(p.Second.ScheduledFor >= p.First.ScheduledFor));
        Assert.Equal(CadenceStatus.Active, (await H.LeadAsync(lead.Id)).CadenceStatus);

        // Speed to lead: both first touches, without the clock moving.
        await H.App.EventuallyAsync(async () => await Task.FromResult(H.Twilio.Accepted.Count == 1 && H.SendGrid.Sent.Count == 1));
        await H.SettledAsync(lead.Id);
        touches = await H.TouchesAsync(lead.Id);
        Assert.Equal([TouchPointStatus.Sent, TouchPointStatus.Sent], touches.Take(2).Select(t => t.Status));
        Assert.All(touches.Skip(2), t => Assert.Equal(TouchPointStatus.Scheduled, t.Status));

        var sms = Assert.Single(H.Twilio.Creates);
        Assert.Equal("+15125550187", sms["To"]);
        Assert.Equal(MessagingHarness.ShopNumber, sms["From"]);
        Assert.EndsWith("/webhooks/twilio/status", sms["StatusCallback"], StringComparison.Ordinal);
        Assert.Contains("acme Round Rock", sms["Body"], StringComparison.Ordinal); // the shop's name
        Assert.Contains("Reply STOP to opt out", sms["Body"], StringComparison.Ordinal);
        Assert.Matches(@"/c/[A-Za-z0-9_-]{44}", sms["Body"]);
        Assert.Equal("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{FakeTwilio.AccountSid}:{FakeTwilio.AuthToken}")), Assert.Single(H.Twilio.Authorizations));

        var (email, messageId) = Assert.Single(H.SendGrid.Sent);
        Assert.Equal("tim.candy@example.com", email["personalizations"]![0]!["to"]![0]!["email"]!.GetValue<string>());
        Assert.Equal("hello@acme.example", email["from"]!["email"]!.GetValue<string>());
        var headers = email["headers"] ?? email["personalizations"]![0]!["headers"];
        Assert.Matches(@"^<http://127\.0\.0\.1:\d+/u/[A-Za-z0-9_-]{44}>$", headers!["List-Unsubscribe"]!.GetValue<string>());
        Assert.Equal("List-Unsubscribe=One-Click", headers["List-Unsubscribe-Post"]!.GetValue<string>());
        var contents = email["content"]!.AsArray().ToDictionary(c => c!["type"]!.GetValue<string>(), c => c!["value"]!.GetValue<string>());
        Assert.Contains("1 Main St, Round Rock, TX 78664", contents["text/plain"], StringComparison.Ordinal); // postal address
        Assert.Contains("Unsubscribe: http://", contents["text/plain"], StringComparison.Ordinal);
        Assert.Contains(">Unsubscribe</a>", contents["text/html"], StringComparison.Ordinal);
        Assert.Equal("Bearer " + FakeSendGrid.ApiKey, Assert.Single(H.SendGrid.Authorizations));

        var deliveries = await H.DeliveriesAsync(lead.Id);
        Assert.Equal(2, deliveries.Count);
        var smsDelivery = deliveries.Single(d => d.Channel == Channel.Sms);
        Assert.Equal(("twilio", H.Twilio.Accepted.Keys.Single(), DeliveryStatus.Queued, "GSM-7"), (smsDelivery.Provider, smsDelivery.ProviderMessageId!, smsDelivery.Status, smsDelivery.Encoding!));
        Assert.InRange(smsDelivery.Segments!.Value, 1, 2);
        var emailDelivery = deliveries.Single(d => d.Channel == Channel.Email);
        Assert.Equal(("sendgrid", messageId), (emailDelivery.Provider, emailDelivery.ProviderMessageId!));
        Assert.Contains("\"status\":\"sending\"", emailDelivery.StatusHistory, StringComparison.Ordinal); // marked before the call
    }

    [Fact]
    public async Task ThirtyDays_EveryTouchGoesOutOnce_SmsOnlyInLocalDaytime_AcrossTheDstChange()
    {
        // 21:30 in Round Rock on Oct 27 2026 (CDT, UTC-5); clocks fall back on Nov 1.
        await H.DisposeAsync();
        H = await MessagingHarness.StartAsync(kind, postgres, start: new DateTimeOffset(2026, 10, 28, 2, 30, 0, TimeSpan.Zero));
        var lead = await H.CreateLeadAsync();

        await H.RunCadenceAsync(lead.Id);

        var touches = await H.TouchesAsync(lead.Id);
        Assert.All(touches, t => Assert.Equal(TouchPointStatus.Sent, t.Status));
        Assert.Equal(7, H.Twilio.Creates.Count);
        Assert.Equal(6, H.SendGrid.Sent.Count);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        foreach (var sms in touches.Where(t => t.Channel == Channel.Sms))
        {
            var local = TimeZoneInfo.ConvertTime(sms.SentAt!.Value, zone);
            Assert.InRange(local.TimeOfDay, TimeSpan.FromHours(9), TimeSpan.FromHours(20));
        }
        // The first SMS waited for 09:00 the next morning; the email did not wait.
        var first = touches.Single(t => t.StepNumber == 1);
        // (The walk moves the clock in 1 s steps while it waits, so "at" means within a minute.)
        Assert.InRange(first.SentAt!.Value, new DateTimeOffset(2026, 10, 28, 14, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 28, 14, 1, 0, TimeSpan.Zero)); // 09:00 CDT
        Assert.InRange(touches.Single(t => t.StepNumber == 2).SentAt!.Value, lead.CreatedAt, lead.CreatedAt.AddMinutes(1));
        // After the change: a deferred SMS lands at 09:00 CST (15:00 UTC), not 08:00.
        var afterDst = touches.Where(t => t.Channel == Channel.Sms && t.SentAt > new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero));
        Assert.All(afterDst, t => Assert.True(TimeZoneInfo.ConvertTime(t.SentAt!.Value, zone).Offset == TimeSpan.FromHours(-6)));
        Assert.Equal(CadenceStatus.Completed, (await H.LeadAsync(lead.Id)).CadenceStatus);
        // Thirty days without a reply: the lead is lost on the pipeline.
        Assert.Equal(LeadOrchestrator.Leads.LeadStage.Lost, (await H.LeadAsync(lead.Id)).Stage);
        Assert.Equal(13, (await H.DeliveriesAsync(lead.Id)).Count);
    }

    [Fact]
    public async Task LeadWithoutPhone_GetsEmailOnly()
    {
        var lead = await H.CreateLeadAsync(phone: null);

        await H.RunCadenceAsync(lead.Id);

        var touches = await H.TouchesAsync(lead.Id);
        Assert.All(touches.Where(t => t.Channel == Channel.Sms), t => Assert.Equal((TouchPointStatus.Cancelled, StopReasons.NoPhone), (t.Status, t.CancelReason)));
        Assert.All(touches.Where(t => t.Channel == Channel.Email), t => Assert.Equal(TouchPointStatus.Sent, t.Status));
        Assert.Empty(H.Twilio.Creates);
        Assert.Equal(StopReasons.NoPhone, (await H.LeadAsync(lead.Id)).SmsStopReason);
    }

    [Fact]
    public async Task LeadWithoutEmail_GetsSmsOnly()
    {
        var lead = await H.CreateLeadAsync(email: null);

        await H.RunCadenceAsync(lead.Id);

        Assert.Equal(7, H.Twilio.Creates.Count);
        Assert.Empty(H.SendGrid.Sent);
        Assert.Equal(StopReasons.NoEmail, (await H.LeadAsync(lead.Id)).EmailStopReason);
    }

    [Fact]
    public async Task LeadWithNeitherPhoneNorEmail_IsFlaggedNotCrashed()
    {
        var lead = await H.CreateLeadAsync(phone: "12", email: "not an email");

        var stored = await H.LeadAsync(lead.Id);
        Assert.Equal((CadenceStatus.Stopped, StopReasons.NoContact), (stored.CadenceStatus, stored.StopReason));
        Assert.All(await H.TouchesAsync(lead.Id), t => Assert.Equal(TouchPointStatus.Cancelled, t.Status));
        H.App.Time.Advance(TimeSpan.FromDays(31));
        await H.SettledAsync(lead.Id);
        Assert.Empty(H.Twilio.Creates);
        Assert.Empty(H.SendGrid.Sent);
    }

    [Fact]
    public async Task LeadArrivingAtNight_SmsWaitsForMorning_EmailDoesNot()
    {
        H.App.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 4, 0, 0, TimeSpan.Zero)); // 22:00 CST
        var lead = await H.CreateLeadAsync();

        await H.App.EventuallyAsync(async () => await Task.FromResult(H.SendGrid.Sent.Count == 1));
        await H.SettledAsync(lead.Id);

        var sms = (await H.TouchesAsync(lead.Id)).Single(t => t.StepNumber == 1);
        Assert.Equal(TouchPointStatus.Scheduled, sms.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 15, 0, 0, TimeSpan.Zero), sms.DueAt); // 09:00 CST, deferred not dropped
        Assert.Empty(H.Twilio.Creates);
    }

    [Fact]
    public async Task OrderConvertedInTheShop_StopsTheCadence()
    {
        var lead = await H.CreateLeadAsync();
        await H.App.EventuallyAsync(async () => await Task.FromResult(H.Twilio.Accepted.Count == 1));

        var converted = H.Intake.ShopMonkey.PutOrder(lead.ShopMonkeyOrderId, H.App.Time.GetUtcNow().AddMinutes(5), status: "RepairOrder", customerId: lead.ShopMonkeyCustomerId);
        await H.Intake.PostWebhookAsync(FakeShopMonkey.WebhookBody(converted, "UPDATE", "status"));

        var stopped = await H.App.EventuallyAsync(async () => await H.LeadAsync(lead.Id) is { CadenceStatus: CadenceStatus.Stopped } l ? l : null);
        Assert.Equal(StopReasons.Converted, stopped.StopReason);
        Assert.All((await H.TouchesAsync(lead.Id)).Skip(2), t => Assert.Equal((TouchPointStatus.Cancelled, StopReasons.Converted), (t.Status, t.CancelReason)));
        H.App.Time.Advance(TimeSpan.FromDays(31));
        await H.SettledAsync(lead.Id);
        Assert.Single(H.Twilio.Creates);
    }

    [Fact]
    public async Task DuplicateWebhooksForTheLead_NeverGiveItASecondCadence()
    {
        var lead = await H.CreateLeadAsync();
        var order = H.Intake.ShopMonkey.PutOrder(lead.ShopMonkeyOrderId, H.App.Time.GetUtcNow().AddMinutes(1), customerId: lead.ShopMonkeyCustomerId);

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => H.Intake.PostWebhookAsync(FakeShopMonkey.WebhookBody(order, "UPDATE", "name"))));
        await H.Intake.SettledAsync();

        Assert.Equal(13, (await H.TouchesAsync(lead.Id)).Count);
        Assert.Equal(1, await H.App.DbAsync(db => db.Cadences.AcrossTenants().CountAsync()));
    }
}

public sealed class CadenceTests_Sqlite(PostgresServer postgres) : CadenceTests(DatabaseKind.Sqlite, postgres);

public sealed class CadenceTests_Postgres(PostgresServer postgres) : CadenceTests(DatabaseKind.Postgres, postgres);
