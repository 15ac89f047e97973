using System.Text.Json.Nodes;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.Messaging;

/// <summary>
/// Invariant 2's second half, "never silently lost", for the assistant's SMS replies and the outbox: a
/// reply whose sender stopped mid-send is looked up and sent exactly once; the outbox records in the
/// same commit as its claim, so nothing it handles is ever left in doubt.
/// </summary>
public abstract class InDoubtTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    private ChatHarness H { get; set; } = null!;

    public async ValueTask InitializeAsync() => H = await ChatHarness.StartAsync(kind, postgres);

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnAssistantReplyLostMidSend_IsLookedUpAtTwilio_AndSentExactlyOnce(bool twilioHadIt)
    {
        var lead = await H.Messaging.ContactedLeadAsync();
        var (arrived, release) = H.Messaging.Twilio.HangNext(acceptFirst: twilioHadIt);

        await H.Messaging.TextTheShopAsync("+15125550187", "when are you open on saturday?");
        await arrived.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        await H.Messaging.Intake.RestartAsync();
        release.TrySetResult();

        var inbound = await H.App.EventuallyAsync(async () => (await H.MessagesAsync(lead.Id)).SingleOrDefault(m => m is { Role: ChatRole.Customer, ReplyState: SmsReplyState.Sent }),
            advance: TimeSpan.FromMinutes(1), because: "the reply reconciled");
        var replies = await H.App.DbAsync(db => db.MessageDeliveries.AcrossTenants().AsNoTracking()
            .Where(d => d.Kind == "assistant").OrderBy(d => d.CreatedAt).ToListAsync());
        Assert.Equal(inbound.ReplyDeliveryId, replies[^1].Id);
        Assert.Single(H.Messaging.Twilio.Accepted.Values, m => m["Body"] == replies[^1].Body);
        Assert.Contains("Sat", replies[^1].Body, StringComparison.Ordinal);
        if (twilioHadIt)
            Assert.Single(replies);
        else
            Assert.Equal([(DeliveryStatus.Failed, (Guid?)null), (DeliveryStatus.Queued, replies[0].Id)], replies.Select(d => (d.Status, d.ResendOf)));
        // One answer in the conversation, however many times it had to be sent.
        Assert.Single(await H.MessagesAsync(lead.Id), m => m.Role == ChatRole.Assistant);
    }

    [Fact]
    public async Task OutboxMessages_AreRecordedWithTheirClaim_NeverLeftSending()
    {
        await H.DisposeAsync();
        H = await ChatHarness.StartAsync(kind, postgres, settings: new Dictionary<string, string?>
        {
            ["Messaging:SmsProvider"] = "outbox",
            ["Messaging:EmailProvider"] = "outbox",
        });
        var lead = await H.Messaging.ContactedLeadAsync();
        await H.Messaging.TextTheShopAsync("+15125550187", "how much is ceramic tint?");
        await H.App.EventuallyAsync(async () => (await H.MessagesAsync(lead.Id)).Any(m => m.ReplyState == SmsReplyState.Sent));

        var deliveries = await H.Messaging.DeliveriesAsync(lead.Id);
        Assert.Equal(3, deliveries.Count); // the first text and email, and the assistant's reply
        Assert.All(deliveries, d =>
        {
            Assert.Equal(("outbox", DeliveryStatus.Delivered), (d.Provider, d.Status));
            // "Sending" and "delivered" in the one commit that claimed it: no crash could have left it in doubt.
            var history = JsonNode.Parse(d.StatusHistory)!.AsArray().Select(e => (Status: e!["status"]!.GetValue<string>(), At: e["at"]!.GetValue<string>())).ToList();
            Assert.Equal(["sending", "delivered"], history.Select(h => h.Status));
            Assert.Single(history.Select(h => h.At).Distinct());
        });
        Assert.Empty(H.Messaging.Twilio.Creates);
        Assert.Empty(H.Messaging.SendGrid.Sent);
    }
}

public sealed class InDoubtTests_Sqlite(PostgresServer postgres) : InDoubtTests(DatabaseKind.Sqlite, postgres);

public sealed class InDoubtTests_Postgres(PostgresServer postgres) : InDoubtTests(DatabaseKind.Postgres, postgres);
