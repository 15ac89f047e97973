using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Audit;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static LeadOrchestrator.Tenants.TestLeadEndpoints;

namespace LeadOrchestrator.Tests.Tenants;

/// <summary>
/// "Send me a test lead": before a location goes live, its owner gets the cadence's first text and first email, each
/// with a chat link, through the real dispatcher and channels — while the location's real customers still wait — and
/// the test lead is a sample, left out of the figures, with nothing more of the cadence to come.
/// </summary>
public sealed class TestLeadTests(PostgresServer postgres) : IAsyncDisposable
{
    private MessagingHarness? _h;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_h is not null)
            await _h.DisposeAsync();
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task ATestLead_GetsTheFirstTextAndEmail_BeforeGoLive_WhileCustomersWait(DatabaseKind kind)
    {
        var h = _h = await MessagingHarness.StartAsync(kind, postgres);
        await h.AddStaffAsync("owner@acme.example", "owner password 123", StaffRole.Owner);
        using var owner = await h.StaffClientAsync("owner@acme.example", "owner password 123");
        var locationId = h.Intake.LocationId;
        await h.App.DbAsync(db => db.Locations.AcrossTenants().Where(l => l.Id == locationId).ExecuteUpdateAsync(u => u.SetProperty(l => l.SetupPending, true)));
        var customer = await h.CreateLeadAsync();

        // Bad input: said, nothing made.
        var bad = await owner.PostAsJsonAsync($"/api/console/locations/{locationId}/test-lead", new { phone = "call me", email = "not an email" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("phone", out _) && errors.TryGetProperty("email", out _), errors.ToString());
        Assert.Equal(0, await h.App.DbAsync(db => db.Leads.AcrossTenants().CountAsync(l => l.IsTest)));

        // Left out, the email is the owner's own sign-in address.
        var sent = await owner.PostAsJsonAsync($"/api/console/locations/{locationId}/test-lead", new { phone = "(512) 555-0199" }, Ct);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var test = (await sent.Content.ReadFromJsonAsync<TestLeadSent>(ApiJson.Options, Ct))!;
        Assert.Equal(("+15125550199", "owner@acme.example"), (test.Phone, test.Email));

        await h.App.EventuallyAsync(async () => (await h.TouchesAsync(test.LeadId)).Count(t => t.Status == TouchPointStatus.Sent) == 2, advance: TimeSpan.FromSeconds(1));
        var deliveries = await h.DeliveriesAsync(test.LeadId);
        var sms = Assert.Single(deliveries, d => d.Channel == Channel.Sms);
        var email = Assert.Single(deliveries, d => d.Channel == Channel.Email);
        Assert.Equal(("+15125550199", "owner@acme.example"), (sms.Recipient, email.Recipient));
        Assert.Matches(@"/c/[A-Za-z0-9_-]{44}", sms.Body);
        Assert.Matches(@"/c/[A-Za-z0-9_-]{44}", email.BodyHtml ?? email.Body);

        // Only those two: the rest of the 30 days is cancelled on the record; the lead is a sample, out of the figures.
        var touches = await h.TouchesAsync(test.LeadId);
        Assert.Equal(2, touches.Count(t => t.Status == TouchPointStatus.Sent));
        Assert.All(touches.Where(t => t.Status != TouchPointStatus.Sent), t => Assert.Equal((TouchPointStatus.Cancelled, "test_lead"), (t.Status, t.CancelReason)));
        var lead = await h.App.DbAsync(db => db.Leads.AcrossTenants().AsNoTracking().SingleAsync(l => l.Id == test.LeadId));
        Assert.True(lead.IsSample && lead.IsTest);
        Assert.Equal(locationId, lead.LocationId);

        // The location's real customer still waits for go-live.
        Assert.Empty(await h.DeliveriesAsync(customer.Id));
        Assert.Contains(AuditActions.TestLeadSent, await h.App.DbAsync(db => db.AuditLog.AcrossTenants().Where(a => a.LeadId == test.LeadId).Select(a => a.Action).ToListAsync()));

        // A number that texted STOP is told, not texted.
        await h.App.DbAsync(async db =>
        {
            db.ContactConsents.Add(new ContactConsent
            {
                TenantId = h.TenantId, Channel = Channel.Sms, Address = "+15125550198", Status = ConsentStatus.OptedOut, Source = ConsentSources.SmsKeyword,
                Detail = "STOP", CreatedAt = h.App.Time.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        });
        var stopped = (await (await owner.PostAsJsonAsync($"/api/console/locations/{locationId}/test-lead", new { phone = "+15125550198" }, Ct))
            .Content.ReadFromJsonAsync<TestLeadSent>(ApiJson.Options, Ct))!;
        Assert.Contains(stopped.Notes, n => n.Contains("STOP", StringComparison.Ordinal));
        await h.App.EventuallyAsync(async () => (await h.TouchesAsync(stopped.LeadId)).Any(t => t.Channel == Channel.Sms && t.Status == TouchPointStatus.Cancelled && t.CancelReason == StopReasons.OptedOut),
            advance: TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(await h.DeliveriesAsync(stopped.LeadId), d => d.Channel == Channel.Sms);

        // Enough to try a wording or two, not a way to text strangers.
        for (var i = 2; i < PerLocationPerHour; i++)
            Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/console/locations/{locationId}/test-lead", new { }, Ct)).StatusCode);
        var tooMany = await owner.PostAsJsonAsync($"/api/console/locations/{locationId}/test-lead", new { }, Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, tooMany.StatusCode);
        Assert.Equal(PerLocationPerHour, await h.App.DbAsync(db => db.Leads.AcrossTenants().CountAsync(l => l.IsTest)));
    }
}
