using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;
using LeadOrchestrator.Intake;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.Intake;

/// <summary>
/// Text from outside — ShopMonkey's answers, a customer's texts and chat messages, staff templates — is
/// cleaned where it comes in: a NUL must not lose a lead on PostgreSQL or cut a stored email on SQLite,
/// and control or bidi-override characters must not reach the database. A marketing email never goes
/// out without its footer, and an event no retry can fix is given up visibly instead of retried for ever.
/// </summary>
public abstract class OutsideTextTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    private ChatHarness H { get; set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Written as <c>\ud800</c> by the fake ShopMonkey: half a surrogate pair, which no serializer writes.</summary>
    private const string LoneSurrogate = "LONE-SURROGATE-MARK";

    static OutsideTextTests() => FakeShopMonkey.RawEdits[LoneSurrogate] = "\\ud800";

    public async ValueTask InitializeAsync() => H = await ChatHarness.StartAsync(kind, postgres);

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task ControlCharactersFromShopMonkey_AreCleaned_TheLeadIsMade_AndTheEmailKeepsItsFooter()
    {
        H.Messaging.Intake.ShopMonkey.PutVehicle(FakeShopMonkey.VehicleId, v =>
        {
            v["make"] = "Tes\u202Ela";
            v["model"] = "Model\u0000S";
            v["submodel"] = "Long\u0085Range";
        });

        var lead = await H.Messaging.CreateLeadAsync(
            // An escaped lone surrogate: System.Text.Json alone refuses the whole answer.
            customer: c => c["lastName"] = "Can" + LoneSurrogate + "dy",
            order: o => o["name"] = "Ceramic\u0007 tint\r\nfull car");

        Assert.Equal(("Tesla", "ModelS", "LongRange", "Candy"), (lead.VehicleMake, lead.VehicleModel, lead.VehicleSubmodel, lead.LastName));
        Assert.Equal("Ceramic tint\nfull car", lead.EstimateName);
        await H.App.EventuallyAsync(async () => (await H.Messaging.TouchesAsync(lead.Id)).Take(2).All(t => t.Status == TouchPointStatus.Sent));

        // What SendGrid received and what we stored are the same email, footer and all.
        var (sent, _) = Assert.Single(H.Messaging.SendGrid.Sent);
        var receivedText = sent["content"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "text/plain")!["value"]!.GetValue<string>();
        var receivedHtml = sent["content"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "text/html")!["value"]!.GetValue<string>();
        var stored = (await H.Messaging.DeliveriesAsync(lead.Id)).Single(d => d.Channel == Channel.Email);
        Assert.Equal(stored.Body, receivedText);
        Assert.Equal(stored.BodyHtml, receivedHtml);
        foreach (var part in new[] { receivedText, receivedHtml })
        {
            Assert.Contains("1 Main St, Round Rock, TX 78664", part, StringComparison.Ordinal);
            Assert.Matches(@"/u/[A-Za-z0-9_-]{44}", part);
            Assert.Contains("/c/", part, StringComparison.Ordinal);
            Assert.DoesNotContain('\0', part);
        }
        var sms = (await H.Messaging.DeliveriesAsync(lead.Id)).Single(d => d.Channel == Channel.Sms);
        Assert.Equal(sms.Body, H.Messaging.Twilio.Accepted.Values.Single()["Body"]);
        Assert.Contains("Unsubscribe: ", stored.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InboundText_WithControlAndBidiCharacters_IsStoredClean()
    {
        var lead = await H.Messaging.ContactedLeadAsync();

        var response = await H.Messaging.TextTheShopAsync("+15125550187", "is\u0000 it\u202E done\u2066?\r\nthanks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await H.App.EventuallyAsync(async () => (await H.MessagesAsync(lead.Id)).FirstOrDefault(m => m.Channel == ConversationChannel.Sms));
        Assert.Equal("is it done?\nthanks", stored.Content);
    }

    [Fact]
    public async Task ATextWhoseMessageIdIsTooLongToBeOne_Gets400_AndNothingIsStored()
    {
        var lead = await H.Messaging.ContactedLeadAsync();

        var response = await H.Messaging.TextTheShopAsync("+15125550187", "hello", sid: "SM" + new string('0', 80));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(await H.MessagesAsync(lead.Id), m => m.Channel == ConversationChannel.Sms);
    }

    [Fact]
    public async Task ControlCharactersInTwiliosIds_AreCleanedLikeAnyText()
    {
        var lead = await H.Messaging.ContactedLeadAsync();

        var text = await H.Messaging.TextTheShopAsync("+15125550187", "hello", sid: "SM12\u0000ab");
        var status = await H.Messaging.StatusCallbackAsync("SM\u0000nothing", "delivered");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (text.StatusCode, status.StatusCode));
        Assert.Equal("SM12ab", (await H.App.EventuallyAsync(async () => (await H.MessagesAsync(lead.Id)).FirstOrDefault(m => m.Channel == ConversationChannel.Sms))).ExternalId);
    }

    [Fact]
    public async Task ChatMessage_WithControlCharacters_IsStoredClean_AndOneOfOnlyControlsIsRefused()
    {
        var (lead, token) = await H.LeadWithTokenAsync();

        await H.AskAsync(lead.Id, token, "hours\u0000 on\u202E saturday?");
        var refused = await H.SendAsync(lead.Id, token, "\u0000\u202E\u0007");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var messages = await H.MessagesAsync(lead.Id);
        Assert.Equal("hours on saturday?", messages.First(m => m.Role == Conversations.ChatRole.Customer).Content);
        Assert.Single(messages, m => m.Role == Conversations.ChatRole.Customer);
    }

    [Fact]
    public async Task TemplateSavedWithControlCharacters_IsStoredClean()
    {
        using var staff = await H.Messaging.StaffClientAsync();

        var response = await staff.PutAsJsonAsync("/api/console/cadence/steps/1", new { body = "Hi {{ first_name }}\u0000, your quote\u202E is ready: {{ chat_link }}" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var step = await H.App.DbAsync(db => db.CadenceSteps.AcrossTenants().AsNoTracking().SingleAsync(s => s.StepNumber == 1));
        Assert.Equal("Hi {{ first_name }}, your quote is ready: {{ chat_link }}", step.Body);
    }

    [Fact]
    public async Task MarketingEmail_WithoutAPostalAddress_IsNotSent_AndTheTouchSaysWhy()
    {
        await H.App.DbAsync(async db =>
        {
            var location = await db.Locations.AcrossTenants().SingleAsync();
            (location.Address1, location.City, location.State, location.PostalCode) = ("", "", "", "");
            await db.SaveChangesAsync();
        });

        var lead = await H.Messaging.CreateLeadAsync();

        var email = await H.App.EventuallyAsync(async () => (await H.Messaging.TouchesAsync(lead.Id)).FirstOrDefault(t => t.Channel == Channel.Email && t.Status == TouchPointStatus.Failed));
        Assert.Equal("footer_missing: the shop has no postal address", email.LastError);
        Assert.Empty(H.Messaging.SendGrid.Sent);
        Assert.DoesNotContain(await H.Messaging.DeliveriesAsync(lead.Id), d => d.Channel == Channel.Email);
        await H.App.EventuallyAsync(async () => (await H.Messaging.TouchesAsync(lead.Id)).First(t => t.Channel == Channel.Sms).Status == TouchPointStatus.Sent);
    }

    [Fact]
    public async Task EventThatKeepsCrashing_IsFailedWithItsReason_AndNotRetriedForever()
    {
        await H.DisposeAsync();
        H = await ChatHarness.StartAsync(kind, postgres, settings: new Dictionary<string, string?> { ["Intake:MaxCrashAttempts"] = "2" });
        // A fault no retry cures, whatever the data: the database refuses every new lead.
        await H.App.DbAsync(db => db.Database.ExecuteSqlRawAsync(kind == DatabaseKind.Postgres
            ? """
              CREATE FUNCTION refuse_lead() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'leads are refused'; END $$ LANGUAGE plpgsql;
              CREATE TRIGGER refuse_lead BEFORE INSERT ON leads FOR EACH ROW EXECUTE FUNCTION refuse_lead();
              """
            : "CREATE TRIGGER refuse_lead BEFORE INSERT ON leads BEGIN SELECT RAISE(ABORT, 'leads are refused'); END;", Ct));
        var intake = H.Messaging.Intake;
        var order = intake.ShopMonkey.PutOrder("order-crash", intake.Time.GetUtcNow());

        await intake.PostWebhookAsync(FakeShopMonkey.WebhookBody(order));

        var failed = await H.App.EventuallyAsync(async () => (await intake.EventsAsync()).SingleOrDefault(e => e.Status == InboundEventStatus.Failed),
            advance: TimeSpan.FromSeconds(5));
        Assert.Equal(("internal_error", 2), (failed.Reason, failed.Attempts));
        Assert.Contains("leads are refused", failed.LastError, StringComparison.Ordinal);
        // Hours later the worker is still at work (a second order crashes too, once), and leaves the first alone.
        H.App.Time.Advance(TimeSpan.FromHours(2));
        await intake.PostWebhookAsync(FakeShopMonkey.WebhookBody(intake.ShopMonkey.PutOrder("order-later", intake.Time.GetUtcNow())));
        await H.App.EventuallyAsync(async () => (await intake.EventsAsync()).Any(e => e.EntityId == "order-later" && e.Status == InboundEventStatus.Parked));
        var first = (await intake.EventsAsync()).Single(e => e.EntityId == "order-crash");
        Assert.Equal((InboundEventStatus.Failed, 2), (first.Status, first.Attempts));
        Assert.Empty(await intake.LeadsAsync());
    }
}

public sealed class OutsideTextTests_Sqlite(PostgresServer postgres) : OutsideTextTests(DatabaseKind.Sqlite, postgres);

public sealed class OutsideTextTests_Postgres(PostgresServer postgres) : OutsideTextTests(DatabaseKind.Postgres, postgres);

/// <summary>PostgreSQL checks column lengths (SQLite does not): a value it refuses fails the event for good, at once.</summary>
public sealed class InvalidDataTests_Postgres(PostgresServer postgres)
{
    [Fact]
    public async Task ValueTheDatabaseRefuses_FailsTheEventAtOnce_AsInvalidData()
    {
        await using var h = await IntakeHarness.StartAsync(DatabaseKind.Postgres, postgres);
        // Longer than any ShopMonkey id, and than the column: PostgreSQL refuses it (22001), retrying cannot help.
        var customerId = new string('c', 80);
        h.ShopMonkey.PutCustomer(customerId, "Tim", "Candy", "(512) 555-0187", null);
        var order = h.ShopMonkey.PutOrder("order-long-id", h.Time.GetUtcNow(), customerId: customerId);

        await h.PostWebhookAsync(FakeShopMonkey.WebhookBody(order));

        var failed = await h.App.EventuallyAsync(async () => (await h.EventsAsync()).SingleOrDefault(e => e.Status == InboundEventStatus.Failed));
        Assert.Equal(("invalid_data", 1), (failed.Reason, failed.Attempts));
        Assert.Contains("22001", failed.LastError, StringComparison.Ordinal);
    }
}
