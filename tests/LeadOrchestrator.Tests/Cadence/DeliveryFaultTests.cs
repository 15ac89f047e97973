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
        Assert.Equal((DeliveryStatuses.Failed, "21211"), (delivery.Status, delivery.ErrorCode));
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
        Assert.Equal([DeliveryStatuses.Failed, DeliveryStatuses.Queued], attempts.Select(d => d.Status));
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
    public async Task CrashWhileTheProviderHasTheMessage_LeavesItInDoubt_NeverSentTwice()
    {
        var (arrived, release) = H.Twilio.HangNext(acceptFirst: true);
        var lead = await H.CreateLeadAsync();
        await arrived.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(TouchPointStatus.Sending, (await H.TouchesAsync(lead.Id))[0].Status); // committed before the call

        await H.Intake.RestartAsync(whileStopped: () => release.TrySetResult());

        // The new instance must not send it again; after the old lease it shows the touch as in doubt.
        var inDoubt = await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[0] is { Status: TouchPointStatus.InDoubt } t ? t : null, advance: TimeSpan.FromMinutes(1));
        Assert.NotNull(inDoubt.LastError);
        Assert.Equal(DeliveryStatuses.InDoubt, (await H.DeliveriesAsync(lead.Id)).Single(d => d.Channel == Channel.Sms).Status);
        H.App.Time.Advance(TimeSpan.FromHours(2));
        await H.SettledAsync(lead.Id);
        Assert.Single(H.Twilio.Creates);
        Assert.Contains(H.App.Logs, l => l.Contains("in_doubt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnswerArrivingAfterTheLease_IsStillRecorded_NotLeftInDoubt()
    {
        var (arrived, release) = H.Twilio.HangNext(acceptFirst: true);
        try
        {
            var lead = await H.CreateLeadAsync();
            await arrived.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            // The other loop's sweep gives up on the call once the lease is over...
            await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[0].Status == TouchPointStatus.InDoubt, advance: TimeSpan.FromMinutes(1));

            // ...then Twilio answers after all: what it said is recorded, once.
            release.TrySetResult();
            var sent = await H.App.EventuallyAsync(async () => (await H.TouchesAsync(lead.Id))[0] is { Status: TouchPointStatus.Sent } t ? t : null);
            Assert.Null(sent.LeaseOwner);
            var delivery = (await H.DeliveriesAsync(lead.Id)).Single(d => d.Channel == Channel.Sms);
            Assert.Equal((DeliveryStatuses.Queued, H.Twilio.Accepted.Keys.Single()), (delivery.Status, delivery.ProviderMessageId!));
            H.App.Time.Advance(TimeSpan.FromHours(1));
            await H.SettledAsync(lead.Id);
            Assert.Single(H.Twilio.Creates);
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
        Assert.Equal((DeliveryStatuses.Failed, status.ToString(System.Globalization.CultureInfo.InvariantCulture)), (delivery.Status, delivery.ErrorCode));
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
