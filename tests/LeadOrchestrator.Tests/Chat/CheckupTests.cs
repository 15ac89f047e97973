using System.Net;
using System.Net.Http.Json;
using LeadOrchestrator.Chat.Checkup;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static LeadOrchestrator.Tests.Infrastructure.FakeModel;

namespace LeadOrchestrator.Tests.Chat;

/// <summary>
/// The assistant's check-up: the conversations shipped with the app, run one by one against the shop's own catalog,
/// hours and free times (a sedan ceramic, a sedan carbon and a sun strip; no paint protection film), with nothing
/// booked, sent, stored or counted. Tuesday Nov 24 2026, 10:00 in Round Rock.
/// </summary>
public abstract class CheckupTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    private ChatHarness H { get; set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => H = await ChatHarness.StartAsync(kind, postgres);

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    private static async Task<T> OkAsync<T>(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, Ct))!;
    }

    private static Task<CheckupResult> RunAsync(HttpClient client, string id, string? provider = null) =>
        OkAsync<CheckupResult>(client.PostAsync($"/api/console/assistant/checkup/{id}{(provider is null ? "" : $"?provider={provider}")}", null, Ct));

    private Task<int[]> FootprintAsync() => H.App.DbAsync(async db => new[]
    {
        await db.Leads.AcrossTenants().CountAsync(), await db.ChatSessions.AcrossTenants().CountAsync(), await db.ChatMessages.AcrossTenants().CountAsync(),
        await db.Appointments.AcrossTenants().CountAsync(), await db.MessageDeliveries.AcrossTenants().CountAsync(), await db.Handoffs.AcrossTenants().CountAsync(),
        await db.AuditLog.AcrossTenants().CountAsync(e => e.Action != Audit.AuditActions.SignedIn),
    });

    [Fact]
    public async Task TheWholeSet_RunsAgainstTheShopsOwnCatalog_LeavesOutWhatItDoesNotOffer_AndChangesNothing()
    {
        using var manager = await H.Messaging.StaffClientAsync();
        var before = await FootprintAsync();

        var overview = await OkAsync<CheckupEndpoints.CheckupOverview>(manager.GetAsync("/api/console/assistant/checkup", Ct));
        Assert.Equal(H.Messaging.Intake.LocationId, overview.LocationId);
        Assert.Equal("offline", overview.Live);
        Assert.Equal(["anthropic", "offline", "openai"], overview.Providers.Select(p => p.Name));
        Assert.True(overview.Conversations.Count >= 30, $"{overview.Conversations.Count} conversations");
        Assert.Equal(["booking", "hours", "human", "injection", "moving", "off-topic", "prices", "services"],
            overview.Conversations.Select(c => c.Category).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(overview.Conversations, c => c.Language == "es");
        // This shop has no paint protection film: those conversations are left out, and say why.
        var ppf = overview.Conversations.Single(c => c.Id == "do-you-do-paint-protection-film-on-a-tesla");
        Assert.Equal("No service here matches \"ppf|paint protection\".", ppf.NotApplicable);

        var results = new List<CheckupResult>();
        foreach (var c in overview.Conversations)
            results.Add(await RunAsync(manager, c.Id));

        var ran = results.Where(r => r.NotApplicable is null).ToList();
        Assert.Equal(overview.Conversations.Count(c => c.NotApplicable is null), ran.Count);
        Assert.All(ran, r => Assert.Equal("offline", r.Provider));
        Assert.All(ran, r => Assert.Equal(overview.Conversations.Single(c => c.Id == r.Id).Turns, r.Turns.Count));
        Assert.Equal(0, ran.Sum(r => r.GroundingErrors));
        var failed = ran.Where(r => !r.Passed).Select(r => $"{r.Name}: {string.Join(" ", r.Failures)}").ToList();
        Assert.True(failed.Count * 10 <= ran.Count, $"{failed.Count} of {ran.Count} failed:\n{string.Join("\n", failed)}");
        Assert.Empty(results.Single(r => r.Id == ppf.Id).Turns);

        // The booking conversation booked a test appointment, which exists only in the result.
        var booking = results.Single(r => r.Id == "book-the-first-free-time-for-ceramic-tint");
        Assert.True(booking.Passed, string.Join(" ", booking.Failures));
        Assert.StartsWith(ChatHarness.Ceramic + ", ", booking.Turns[^1].Appointment, StringComparison.Ordinal);
        Assert.Equal(before, await FootprintAsync());
        Assert.Empty(H.Messaging.Twilio.Creates);
        Assert.Empty(H.Messaging.SendGrid.Sent);
    }

    [Fact]
    public async Task AnotherProvider_IsScoredAlone_AndWhatDidNotHoldIsSaidInWords()
    {
        using var manager = await H.Messaging.StaffClientAsync();
        // Claude (the fake) answers warmly but neither asks a person nor uses a tool, and quotes a price the shop does not have.
        H.Anthropic.Enqueue(new Reply.Text("Of course! A colleague will be with you soon. Tint starts at $12."));
        H.Anthropic.Enqueue(new Reply.Text("Of course! A colleague will be with you soon."));

        var result = await RunAsync(manager, "asking-for-a-person", "anthropic");

        Assert.False(result.Passed);
        Assert.Equal(("anthropic", AnthropicModel), (result.Provider, result.Model));
        Assert.True(result.CostUsd > 0);
        Assert.Contains("Turn 1: did not ask a person to take over (request_human).", result.Failures);
        Assert.Contains("Turn 1: did not ask a person to take over.", result.Failures);
        Assert.DoesNotContain("$12", result.Turns[0].Answer, StringComparison.Ordinal); // the price guard stands in a check-up too
        Assert.False(result.Turns[0].NeedsStaff);
    }

    [Theory]
    [InlineData("/api/console/assistant/checkup/no-such-conversation", HttpStatusCode.NotFound)]
    [InlineData("/api/console/assistant/checkup/the-opening-hours?provider=gemini", HttpStatusCode.BadRequest)]
    [InlineData("/api/console/assistant/checkup/the-opening-hours?locationId=00000000-0000-0000-0000-000000000001", HttpStatusCode.NotFound)]
    public async Task BadRequests_AreRefused_AndChangeNothing(string path, HttpStatusCode status)
    {
        using var manager = await H.Messaging.StaffClientAsync();
        var before = await FootprintAsync();

        using var response = await manager.PostAsync(path, null, Ct);

        Assert.Equal(status, response.StatusCode);
        if (status == HttpStatusCode.BadRequest)
        {
            var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>(ApiJson.Options, Ct);
            Assert.Equal(["One of: anthropic, offline, openai, or leave it out for the shop's own."], problem!.Errors["provider"]);
        }
        Assert.Equal(before, await FootprintAsync());
    }

    [Fact]
    public async Task OnlyManagers_AndOnlyTheirOwnShops()
    {
        await H.Messaging.AddStaffAsync("desk@acme.example", "another long password", StaffRole.FrontDesk);
        using var desk = await H.Messaging.StaffClientAsync("desk@acme.example", "another long password");
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.GetAsync("/api/console/assistant/checkup", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.PostAsync("/api/console/assistant/checkup/the-opening-hours", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await H.App.Client.GetAsync("/api/console/assistant/checkup", Ct)).StatusCode);

        using var manager = await H.Messaging.StaffClientAsync();
        var (_, otherLocation) = await IntakeHarness.SeedTenantAsync(H.App, "other", "other-secret", H.Messaging.Intake.ShopMonkey.BaseUrl.ToString(), "loc-other");
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/api/console/assistant/checkup?locationId={otherLocation}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PostAsync($"/api/console/assistant/checkup/the-opening-hours?locationId={otherLocation}", null, Ct)).StatusCode);
    }
}

public sealed class CheckupTests_Sqlite(PostgresServer postgres) : CheckupTests(DatabaseKind.Sqlite, postgres);

public sealed class CheckupTests_Postgres(PostgresServer postgres) : CheckupTests(DatabaseKind.Postgres, postgres);
