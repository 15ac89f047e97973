using System.Net.Http.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.Cadence;

/// <summary>Invariant 2 (at most once to a person) and what provider failures do, through the official SDKs against fakes.</summary>
public abstract class DeliveryFaultTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    protected MessagingHarness H { get; private set; } = null!;

    public async ValueTask InitializeAsync() => H = await MessagingHarness.StartAsync(kind, postgres);

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task InvalidNumber_FailsTheTouchWithTwiliosCode_AndStopsSmsButNotEmail()
    {
        H.Twilio.FailNext(400, 21211, "The 'To' number +15125550187 is not a valid phone number.");

        var lead = await H.CreateLeadAsync();
        await H.App.EventuallyAsync(async () => (await H.LeadAsync(lead.Id)).SmsStopReason is not null);

        var touches = await H.TouchesAsync(lead.Id);
        Assert.Equal(TouchPointStatus.Failed, touches[0].Status);
        Assert.StartsWith("21211", touches[0].LastError, StringComparison.Ordinal);
        var delivery = (await H.DeliveriesAsync(lead.Id)).Single(d => d.Channel == Channel.Sms);
        Assert.Equal((DeliveryStatus.Failed, "21211"), (delivery.Status, delivery.ErrorCode));
        Assert.Equal(StopReasons.NumberInvalid, (await H.LeadAsync(lead.Id)).SmsStopReason);
        Assert.All(touches.Where(t => t.Channel == Channel.Sms).Skip(1), t => Assert.Equal((TouchPointStatus.Cancelled, StopReasons.NumberInvalid), (t.Status, t.CancelReason)));
        Assert.Equal(CadenceStatus.Active, (await H.LeadAsync(lead.Id)).CadenceStatus); // email goes on
        await H.RunCadenceAsync(lead.Id);
        Assert.Equal(6, H.SendGrid.Sent.Count);
    }

    [Fact]
    public async Task UnsubscribedRecipient_21610_IsRecordedAsAnOptOut()
    {
        H.Twilio.FailNext(400, 21610, "Attempt to send to unsubscribed recipient");

        var lead = await H.CreateLeadAsync();

        var consent = await H.App.EventuallyAsync(() => H.App.DbAsync(db => db.ContactConsents.AcrossTenants().AsNoTracking().FirstOrDefaultAsync()));
        Assert.Equal((Channel.Sms, "+15125550187", ConsentStatus.OptedOut, ConsentSources.ProviderOptOut), (consent.Channel, consent.Address, consent.Status, consent.Source));
        await H.App.EventuallyAsync(async () => (await H.LeadAsync(lead.Id)).SmsStopReason == StopReasons.OptedOut);
    }

    [Theory]
    [InlineData(500, 20500)]
    [InlineData(503, 20503)]
    [InlineData(429, 20429)]
    public async Task ProviderErrorBeforeAcceptance_IsRetriedWithBackoff_AndSentOnce(int status, int code)
    {
        H.Twilio.FailNext(status, code, "Service unavailable");

        var lead = await H.CreateLeadAsync();
        var retry = await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[0] is { Attempts: 1 } t ? t : null);
        Assert.Equal(TouchPointStatus.Scheduled, retry.Status);
        Assert.Equal(H.App.Time.GetUtcNow() + TimeSpan.FromMinutes(1), retry.DueAt); // first backoff step

        H.App.Time.Advance(TimeSpan.FromMinutes(1));
        await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[0].Status == TouchPointStatus.Sent);

        Assert.Equal(2, H.Twilio.Creates.Count); // the failed attempt and the successful one
        Assert.Single(H.Twilio.Accepted);
        var attempts = (await H.DeliveriesAsync(lead.Id)).Where(d => d.Channel == Channel.Sms).ToList();
        Assert.Equal([DeliveryStatus.Failed, DeliveryStatus.Queued], attempts.Select(d => d.Status));
    }

    [Fact]
    public async Task ProviderKeepsFailing_TouchFailsAfterTheLastAttempt()
    {
        for (var i = 0; i < 4; i++)
            H.Twilio.FailNext(503, 20503, "Service unavailable");

        var lead = await H.CreateLeadAsync();
        var failed = await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[0] is { Status: TouchPointStatus.Failed } t ? t : null, advance: TimeSpan.FromMinutes(5));

        Assert.Equal(4, failed.Attempts);
        Assert.Equal(4, H.Twilio.Creates.Count);
        Assert.Empty(H.Twilio.Accepted);
    }

    [Fact]
    public async Task Timeout_AfterTwilioAcceptedTheMessage_IsFoundAndNotSentAgain()
    {
        await ShortTwilioTimeoutAsync();
        var (arrived, release) = H.Twilio.HangNext(acceptFirst: true);
        try
        {
            var lead = await H.CreateLeadAsync();
            await arrived.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

            // The 1 s client timeout passes; the dispatcher looks the message up instead of sending it again.
            var sent = await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[0] is { Status: TouchPointStatus.Sent } t ? t : null);
            Assert.Single(H.Twilio.Creates);
            var delivery = (await H.DeliveriesAsync(lead.Id)).Single(d => d.Channel == Channel.Sms);
            Assert.Equal(H.Twilio.Accepted.Keys.Single(), delivery.ProviderMessageId);
            Assert.Equal(0, sent.Attempts);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task Timeout_BeforeTwilioHadTheMessage_IsRetriedOnce()
    {
        await ShortTwilioTimeoutAsync();
        var (arrived, release) = H.Twilio.HangNext(acceptFirst: false);
        try
        {
            var lead = await H.CreateLeadAsync();
            await arrived.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[0] is { Attempts: 1, Status: TouchPointStatus.Scheduled });

            H.App.Time.Advance(TimeSpan.FromMinutes(1));
            await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[0].Status == TouchPointStatus.Sent);
            Assert.Equal(2, H.Twilio.Creates.Count);
            Assert.Single(H.Twilio.Accepted);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    private async Task ShortTwilioTimeoutAsync()
    {
        await H.DisposeAsync();
        H = await MessagingHarness.StartAsync(kind, postgres, new Dictionary<string, string?> { ["Twilio:Timeout"] = "00:00:01" });
    }

    [Fact]
    public async Task CrashAfterTwilioTookTheText_TheLookupFindsIt_AndItIsNotSentAgain()
    {
        var (arrived, release) = H.Twilio.HangNext(acceptFirst: true);
        var lead = await H.CreateLeadAsync();
        await arrived.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(TouchPointStatus.Sending, (await H.TouchesAsync(lead.Id))[0].Status); // committed before the call

        await H.Intake.RestartAsync(whileStopped: () => release.TrySetResult());

        // After the old lease the new instance asks Twilio, finds the text and records it: once, never resent.
        var sent = await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[0] is { Status: TouchPointStatus.Sent } t ? t : null, advance: TimeSpan.FromMinutes(1));
        Assert.Null(sent.LastError);
        var delivery = (await H.DeliveriesAsync(lead.Id)).Single(d => d.Channel == Channel.Sms);
        Assert.Equal((DeliveryStatus.Queued, H.Twilio.Accepted.Keys.Single()), (delivery.Status, delivery.ProviderMessageId!));
        Assert.Contains("found at Twilio", delivery.StatusHistory, StringComparison.Ordinal);
        Assert.Contains(H.Twilio.Lookups, q => q.Contains("To=%2B15125550187", StringComparison.Ordinal) && q.Contains("From=%2B15125550142", StringComparison.Ordinal));
        H.App.Time.Advance(TimeSpan.FromHours(2));
        await H.SettledAsync(lead.Id);
        Assert.Single(H.Twilio.Creates, c => c["To"] == "+15125550187" && c["Body"] == delivery.Body);
    }

    [Fact]
    public async Task CrashBeforeTwilioHadTheText_TheLookupFindsNothing_AndItIsSentOnce()
    {
        var (arrived, release) = H.Twilio.HangNext(acceptFirst: false);
        var lead = await H.CreateLeadAsync();
        await arrived.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        await H.Intake.RestartAsync();
        release.TrySetResult(); // the old instance is gone: nobody hears this answer

        var sent = await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[0] is { Status: TouchPointStatus.Sent } t ? t : null, advance: TimeSpan.FromMinutes(1));
        Assert.Equal(1, sent.Attempts);
        var texts = (await H.DeliveriesAsync(lead.Id)).Where(d => d.Channel == Channel.Sms).ToList();
        Assert.Equal([(DeliveryStatus.Failed, "not_sent"), (DeliveryStatus.Queued, null)], texts.Select(d => (d.Status, d.ErrorCode)));
        Assert.Equal(texts[0].Id, texts[1].ResendOf);
        Assert.Single(H.Twilio.Accepted.Values, m => m["To"] == "+15125550187");
    }

    [Fact]
    public async Task TwilioNotAnsweringTheLookup_IsAskedAgainLater_AndTheTextIsFoundThen()
    {
        await H.DisposeAsync();
        H = await MessagingHarness.StartAsync(kind, postgres, new Dictionary<string, string?> { ["Messaging:InDoubtRecheck"] = "00:10:00" });
        var (arrived, release) = H.Twilio.HangNext(acceptFirst: true);
        var lead = await H.CreateLeadAsync();
        await arrived.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        H.Twilio.FailLookups(2);

        await H.Intake.RestartAsync(whileStopped: () => release.TrySetResult());

        var checking = await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[0] is { Status: TouchPointStatus.Sending, LastError: { } e } t
            && e.StartsWith("Asking whether it went out failed", StringComparison.Ordinal) ? t : null, advance: TimeSpan.FromMinutes(1));
        using var staff = await H.StaffClientAsync();
        var unresolved = await staff.GetFromJsonAsync<LeadOrchestrator.Messaging.UnresolvedMessagesEndpoints.UnresolvedMessages>("/api/console/messages/unresolved", ApiJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal((UnresolvedMessagesEndpoints.UnresolvedKind.Touch, checking.Id, UnresolvedMessagesEndpoints.UnresolvedStatus.Checking, "+15125550187"), unresolved!.Messages.Select(m => (m.Kind, m.Id, m.Status, m.Recipient)).Single());

        await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[0].Status == TouchPointStatus.Sent, advance: TimeSpan.FromMinutes(5));
        Assert.Single(H.Twilio.Creates, c => c["To"] == "+15125550187");
        Assert.True(H.Twilio.Lookups.Count >= 3);
    }

    [Fact]
    public async Task TwilioNeverAnsweringTheLookup_LeavesTheTextInDoubtForStaff_AfterTheGiveUpTime()
    {
        await H.DisposeAsync();
        H = await MessagingHarness.StartAsync(kind, postgres, new Dictionary<string, string?>
        {
            ["Messaging:InDoubtRecheck"] = "00:30:00",
            ["Messaging:InDoubtGiveUpAfter"] = "02:00:00",
        });
        var (arrived, release) = H.Twilio.HangNext(acceptFirst: true);
        var lead = await H.CreateLeadAsync();
        await arrived.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        H.Twilio.FailLookups(1000);

        await H.Intake.RestartAsync(whileStopped: () => release.TrySetResult());

        var inDoubt = await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[0] is { Status: TouchPointStatus.InDoubt } t ? t : null,
            advance: TimeSpan.FromMinutes(10), deadline: TimeSpan.FromSeconds(30));
        Assert.StartsWith("Twilio could not be asked for 2 h", inDoubt.LastError, StringComparison.Ordinal);
        Assert.Equal(DeliveryStatus.InDoubt, (await H.DeliveriesAsync(lead.Id)).Single(d => d.Channel == Channel.Sms).Status);
        using var staff = await H.StaffClientAsync();
        var unresolved = await staff.GetFromJsonAsync<LeadOrchestrator.Messaging.UnresolvedMessagesEndpoints.UnresolvedMessages>("/api/console/messages/unresolved", ApiJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal((UnresolvedMessagesEndpoints.UnresolvedKind.Touch, UnresolvedMessagesEndpoints.UnresolvedStatus.InDoubt), unresolved!.Messages.Select(m => (m.Kind, m.Status)).Single());
        Assert.Single(H.Twilio.Creates, c => c["To"] == "+15125550187");
    }

    [Fact]
    public async Task CrashWhileSendGridHadTheEmail_ItIsSentOnceMore_TaggedWithWhatItRepeats()
    {
        var (arrived, release) = H.SendGrid.HangNext(acceptFirst: true);
        var lead = await H.CreateLeadAsync();
        await arrived.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        await H.Intake.RestartAsync(whileStopped: () => release.TrySetResult());

        // SendGrid cannot be asked: by the default rule the email goes once more, marked as a repeat.
        var touch = await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[1] is { Status: TouchPointStatus.Sent } t ? t : null, advance: TimeSpan.FromMinutes(1));
        var emails = (await H.DeliveriesAsync(lead.Id)).Where(d => d.Channel == Channel.Email).ToList();
        Assert.Equal([DeliveryStatus.InDoubt, DeliveryStatus.Queued], emails.Select(d => d.Status));
        Assert.Equal(emails[0].Id, emails[1].ResendOf);
        // The SDK puts custom args on the personalization; SendGrid echoes them on its events.
        var copies = H.SendGrid.Sent.Select(s => s.Body["personalizations"]![0]!["custom_args"]!.AsObject()).ToList();
        Assert.Equal(2, copies.Count);
        Assert.All(copies, a => Assert.Equal($"touch:{touch.Id}", a["reference"]!.GetValue<string>()));
        Assert.Equal(emails[0].Id.ToString(), copies[1]["resend_of"]!.GetValue<string>());
        Assert.Null(copies[0]["resend_of"]);
    }

    [Fact]
    public async Task CrashWhileSendGridHadTheEmail_UnderTheLeaveRule_IsLeftInDoubtForStaff()
    {
        await H.DisposeAsync();
        H = await MessagingHarness.StartAsync(kind, postgres, new Dictionary<string, string?> { ["Messaging:InDoubtEmail"] = "leave" });
        var (arrived, release) = H.SendGrid.HangNext(acceptFirst: true);
        var lead = await H.CreateLeadAsync();
        await arrived.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        await H.Intake.RestartAsync(whileStopped: () => release.TrySetResult());

        var inDoubt = await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[1] is { Status: TouchPointStatus.InDoubt } t ? t : null, advance: TimeSpan.FromMinutes(1));
        Assert.Contains("Messaging:InDoubtEmail = leave", inDoubt.LastError, StringComparison.Ordinal);
        Assert.Single(H.SendGrid.Sent);
        using var staff = await H.StaffClientAsync();
        var unresolved = await staff.GetFromJsonAsync<LeadOrchestrator.Messaging.UnresolvedMessagesEndpoints.UnresolvedMessages>("/api/console/messages/unresolved", ApiJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal((UnresolvedMessagesEndpoints.UnresolvedKind.Touch, inDoubt.Id, Channel.Email, "tim.candy@example.com", UnresolvedMessagesEndpoints.UnresolvedStatus.InDoubt), unresolved!.Messages.Select(m => (m.Kind, m.Id, m.Channel, m.Recipient!, m.Status)).Single());
    }

    [Fact]
    public async Task SendGridsProcessedEvent_SettlesAnEmailWhoseAnswerWasLost_WithoutSendingItAgain()
    {
        var (arrived, release) = H.SendGrid.HangNext(acceptFirst: true);
        var lead = await H.CreateLeadAsync();
        await arrived.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var email = (await H.DeliveriesAsync(lead.Id)).Single(d => d.Channel == Channel.Email);
        // SendGrid tells us it has the email (its event webhook echoes our delivery id) before we hear its answer.
        var events = await H.PostSendGridEventsAsync($$"""[{"email":"tim.candy@example.com","event":"processed","sg_event_id":"ev-1","sg_message_id":"x.filter","delivery_id":"{{email.Id}}","timestamp":1}]""");
        Assert.Equal(System.Net.HttpStatusCode.OK, events.StatusCode);

        await H.Intake.RestartAsync(whileStopped: () => release.TrySetResult());

        await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[1].Status == TouchPointStatus.Sent, advance: TimeSpan.FromMinutes(1));
        Assert.Single(H.SendGrid.Sent);
        Assert.Contains("the provider reported it queued", (await H.DeliveriesAsync(lead.Id)).Single(d => d.Channel == Channel.Email).StatusHistory, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswerArrivingAfterTheLease_AgreesWithTheLookup_AndTheTextIsSentOnce()
    {
        var (arrived, release) = H.Twilio.HangNext(acceptFirst: true);
        try
        {
            var lead = await H.CreateLeadAsync();
            await arrived.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            // The other loop's rescue sees the lease over while the call is still out, asks Twilio and finds it...
            await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[0].Status == TouchPointStatus.Sent, advance: TimeSpan.FromMinutes(1));

            // ...then Twilio answers after all: what it said is recorded too, and nothing is sent again.
            release.TrySetResult();
            await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[0].LeaseOwner is null);
            var delivery = (await H.DeliveriesAsync(lead.Id)).Single(d => d.Channel == Channel.Sms);
            Assert.Equal((DeliveryStatus.Queued, H.Twilio.Accepted.Keys.Single()), (delivery.Status, delivery.ProviderMessageId!));
            H.App.Time.Advance(TimeSpan.FromHours(1));
            await H.SettledAsync(lead.Id);
            Assert.Single(H.Twilio.Creates);
            Assert.Equal(TouchPointStatus.Sent, (await H.TouchesAsync(lead.Id))[0].Status);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task GatewayErrorWithoutTwiliosAnswer_IsLookedUp_NotSentAgain()
    {
        // A 502 page from something in between is not Twilio saying no: the message may have been taken.
        H.Twilio.AcceptThenGatewayErrorNext();

        var lead = await H.CreateLeadAsync();

        var sent = await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[0] is { Status: TouchPointStatus.Sent } t ? t : null);
        Assert.Equal(0, sent.Attempts);
        Assert.Single(H.Twilio.Creates);
        Assert.Equal(H.Twilio.Accepted.Keys.Single(), (await H.DeliveriesAsync(lead.Id)).Single(d => d.Channel == Channel.Sms).ProviderMessageId);
    }

    [Fact]
    public async Task RefusedConnection_IsRetried_AndFailsAfterTheLastAttempt()
    {
        // Nothing listens on this port: the request certainly never reached a provider.
        await H.DisposeAsync();
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        H = await MessagingHarness.StartAsync(kind, postgres, new Dictionary<string, string?> { ["Twilio:ApiBaseUrl"] = $"http://127.0.0.1:{port}/" });

        var lead = await H.CreateLeadAsync();

        var first = await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[0] is { Attempts: 1 } t ? t : null);
        Assert.Equal(TouchPointStatus.Scheduled, first.Status);
        Assert.StartsWith("connection", first.LastError, StringComparison.Ordinal);
        var failed = await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[0] is { Status: TouchPointStatus.Failed } t ? t : null, advance: TimeSpan.FromMinutes(5));
        Assert.Equal(4, failed.Attempts);
        Assert.Equal(TouchPointStatus.Sent, (await H.TouchesAsync(lead.Id))[1].Status); // email unaffected
    }

    [Theory]
    [InlineData(500, TouchPointStatus.Scheduled)]
    [InlineData(429, TouchPointStatus.Scheduled)]
    [InlineData(400, TouchPointStatus.Failed)]
    [InlineData(403, TouchPointStatus.Failed)]
    public async Task SendGridError_RetriesServerErrors_FailsRefusalsWithTheirCode(int status, TouchPointStatus expected)
    {
        H.SendGrid.FailNext(status);

        var lead = await H.CreateLeadAsync();
        // Wait for the attempt to be recorded (a retry counts an attempt; a refusal fails the touch).
        var email = await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[1] is var t
            && (expected == TouchPointStatus.Failed ? t.Status == TouchPointStatus.Failed : t is { Attempts: 1, Status: TouchPointStatus.Scheduled }) ? t : null);

        var delivery = (await H.DeliveriesAsync(lead.Id)).First(d => d.Channel == Channel.Email);
        Assert.Equal((DeliveryStatus.Failed, status.ToString(System.Globalization.CultureInfo.InvariantCulture)), (delivery.Status, delivery.ErrorCode));
        if (expected == TouchPointStatus.Scheduled)
        {
            Assert.Equal(1, email.Attempts);
            H.App.Time.Advance(TimeSpan.FromMinutes(1));
            await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[1].Status == TouchPointStatus.Sent);
            Assert.Single(H.SendGrid.Sent);
        }
    }
}

public sealed class DeliveryFaultTests_Sqlite(PostgresServer postgres) : DeliveryFaultTests(DatabaseKind.Sqlite, postgres);

public sealed class DeliveryFaultTests_Postgres(PostgresServer postgres) : DeliveryFaultTests(DatabaseKind.Postgres, postgres);
