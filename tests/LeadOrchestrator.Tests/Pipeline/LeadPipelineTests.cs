using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.Pipeline;

/// <summary>
/// The leads pipeline and a lead's page through the console API: each lead in the stage its story puts it in,
/// counts per stage, search by what staff remember (a name, a phone number however typed, a car), keyset
/// pages that miss and repeat nothing, and one timeline of everything that happened, in order.
/// </summary>
public sealed class LeadPipelineTests(PostgresServer postgres) : IAsyncDisposable
{
    private static readonly DateTimeOffset SaturdayNine = new(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);

    private ChatHarness? _h;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_h is not null)
            await _h.DisposeAsync();
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task EachLead_IsInTheStageItsStoryPutsItIn_WithCountsSearchAndPages(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        using var staff = await h.Messaging.StaffClientAsync();
        // Not yet contacted: a lead whose first touch has yet to go (the cadence starts at once on the real path).
        var fresh = await h.Messaging.CreateLeadAsync(phone: null, email: null, firstName: "Nora");
        await SaveLeadAsync(h, fresh.Id, l =>
        {
            l.CadenceStatus = LeadOrchestrator.Cadence.CadenceStatus.Active;
            l.StopReason = null;
        });
        var (contacted, _) = await h.LeadWithTokenAsync("(512) 555-0101", "Carl");
        var (engaged, engagedToken) = await h.LeadWithTokenAsync("(512) 555-0102", "Erin");
        var (waiting, waitingToken) = await h.LeadWithTokenAsync("(512) 555-0103", "Nadia");
        var (booked, bookedToken) = await h.LeadWithTokenAsync("(512) 555-0104", "Bob");
        var (won, _) = await h.LeadWithTokenAsync("(512) 555-0105", "Wanda");
        var (lost, _) = await h.LeadWithTokenAsync("(512) 555-0106", "Leo");
        await h.App.EventuallyAsync(() => h.App.DbAsync(db => db.TouchPoints.AcrossTenants().AnyAsync(t => t.LeadId == contacted.Id && t.SentAt != null)),
            advance: TimeSpan.FromSeconds(1), because: "the first text went out");

        await h.AskAsync(engaged.Id, engagedToken, "what are your hours?");
        await h.AskAsync(waiting.Id, waitingToken, "can I talk to a real person please");
        var book = await h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{booked.Id}/appointments", bookedToken,
            new { serviceId = await h.ServiceIdAsync(ChatHarness.Ceramic), start = SaturdayNine }), Ct);
        Assert.Equal(HttpStatusCode.Created, book.StatusCode);
        await h.Messaging.TextTheShopAsync("+15125550106", "STOP");
        await SaveLeadAsync(h, won.Id, l =>
        {
            l.ConvertedAt = h.App.Time.GetUtcNow();
            l.OrderStatus = "RepairOrder";
        });

        var all = await ListAsync(staff, "");
        var stages = all.Items.ToDictionary(i => i.Id, i => i.Stage);
        Assert.Equal(LeadStage.New, stages[fresh.Id]);
        Assert.Equal(LeadStage.Contacted, stages[contacted.Id]);
        Assert.Equal(LeadStage.Engaged, stages[engaged.Id]);
        Assert.Equal(LeadStage.NeedsStaff, stages[waiting.Id]);
        Assert.Equal(LeadStage.Booked, stages[booked.Id]);
        Assert.Equal(LeadStage.Won, stages[won.Id]);
        Assert.Equal(LeadStage.Lost, stages[lost.Id]);
        Assert.Equal("opted_out", all.Items.Single(i => i.Id == lost.Id).StopReason);
        Assert.True(all.Items.Single(i => i.Id == waiting.Id).NeedsStaff);
        Assert.Equal(new LeadPipeline.StageCounts(1, 1, 1, 1, 1, 0, 1, 1), all.Counts);
        // Newest first (here all came in the same instant: the pages below walk through a tie).
        Assert.Equal(all.Items.Select(i => i.CreatedAt).OrderDescending(), all.Items.Select(i => i.CreatedAt));
        Assert.Equal(7, all.Items.Count);

        // One stage; the counts still cover every stage, for the board.
        var needs = await ListAsync(staff, "?stage=needs_staff");
        Assert.Equal([waiting.Id], needs.Items.Select(i => i.Id));
        Assert.Equal(all.Counts, needs.Counts);

        // Search: a phone number however it is typed, a name in any case, a car, several words at once.
        Assert.Equal([booked.Id], (await ListAsync(staff, "?q=" + Uri.EscapeDataString("(512) 555-0104"))).Items.Select(i => i.Id));
        Assert.Equal([booked.Id], (await ListAsync(staff, "?q=512.555.0104")).Items.Select(i => i.Id));
        Assert.Equal([booked.Id], (await ListAsync(staff, "?q=0104")).Items.Select(i => i.Id));
        Assert.Equal([waiting.Id], (await ListAsync(staff, "?q=NADIA")).Items.Select(i => i.Id));
        Assert.Equal([fresh.Id], (await ListAsync(staff, "?q=nor")).Items.Select(i => i.Id));
        var byCar = await ListAsync(staff, "?q=" + Uri.EscapeDataString("nadia " + all.Items.Single(i => i.Id == waiting.Id).Vehicle!.Split(' ')[1]));
        Assert.Equal([waiting.Id], byCar.Items.Select(i => i.Id));
        Assert.Equal(new LeadPipeline.StageCounts(0, 0, 0, 1, 0, 0, 0, 0), byCar.Counts);

        // Pages of two walk every lead once, in order.
        var walked = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await ListAsync(staff, "?limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            Assert.True(page.Items.Count <= 2);
            walked.AddRange(page.Items.Select(i => i.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        Assert.Equal(all.Items.Select(i => i.Id), walked);

        foreach (var (query, code) in new[] { ("?stage=closed", "bad_stage"), ("?cursor=not-a-cursor", "bad_cursor"), ("?limit=0", "bad_limit"),
            ("?limit=500", "bad_limit"), ("?from=2026-12-02&to=2026-12-01", "bad_dates"), ("?q=" + new string('a', 201), "search_too_long") })
        {
            var refused = await staff.GetAsync("/api/console/leads" + query, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(code, (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
        }
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task ALeadsPage_TellsItsWholeStory_InOrder(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        using var staff = await h.Messaging.StaffClientAsync();
        var (lead, token) = await h.LeadWithTokenAsync();
        await h.App.EventuallyAsync(() => h.App.DbAsync(db => db.TouchPoints.AcrossTenants().AnyAsync(t => t.LeadId == lead.Id && t.SentAt != null)),
            advance: TimeSpan.FromSeconds(1), because: "the first text went out");
        h.App.Time.Advance(TimeSpan.FromMinutes(1));
        await h.AskAsync(lead.Id, token, "can I talk to a real person please");
        h.App.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/console/leads/{lead.Id}/messages", new { body = "Hi Tim, Dana here.", channel = "chat" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/console/leads/{lead.Id}/notes", new { body = "Wants Saturday." }, Ct)).StatusCode);
        h.App.Time.Advance(TimeSpan.FromMinutes(1));
        var book = await h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead.Id}/appointments", token,
            new { serviceId = await h.ServiceIdAsync(ChatHarness.Ceramic), start = SaturdayNine }), Ct);
        Assert.Equal(HttpStatusCode.Created, book.StatusCode);

        var page = (await staff.GetFromJsonAsync<LeadStory.LeadDetail>($"/api/console/leads/{lead.Id}", ApiJson.Options, Ct))!;
        Assert.Equal((LeadStage.Booked, "Tim"), (page.Lead.Stage, page.Customer.FirstName));
        Assert.Equal(lead.ShopMonkeyOrderId, page.Estimate.OrderId);
        Assert.EndsWith("/order/" + lead.ShopMonkeyOrderId, page.Estimate.Url, StringComparison.Ordinal);
        Assert.True(page.Consent.Sms.Allowed);
        Assert.NotEmpty(page.Cadence.Touches);
        Assert.Equal(ChatHarness.Ceramic, page.Appointments.Single().Service);
        Assert.NotNull(page.Conversation);

        var kinds = page.Timeline.Select(e => e.Kind).ToList();
        Assert.Equal(page.Timeline.OrderBy(e => e.At).Select(e => e.At), page.Timeline.Select(e => e.At));
        Assert.Equal(TimelineKind.Received, kinds[0]);
        Assert.Equal(TimelineKind.LeadCreated, kinds[1]);
        int At(TimelineKind kind) => kinds.IndexOf(kind);
        Assert.True(At(TimelineKind.Touch) < At(TimelineKind.CustomerMessage));
        Assert.True(At(TimelineKind.CustomerMessage) < At(TimelineKind.StaffMessage));
        Assert.True(At(TimelineKind.StaffMessage) < At(TimelineKind.Appointment));
        Assert.Contains(page.Timeline, e => e is { Kind: TimelineKind.Handoff } && e.Summary.StartsWith("Needs a person: Asked for a person", StringComparison.Ordinal));
        Assert.Contains(page.Timeline, e => e is { Kind: TimelineKind.StaffMessage, Actor: "Acme Manager" } && e.Summary.EndsWith("Hi Tim, Dana here.", StringComparison.Ordinal));
        // The handoff's first human reply is on record: a minute after the customer asked.
        Assert.Contains(page.Timeline, e => e is { Kind: TimelineKind.StaffAction } && e.Summary == "Answered by Acme Manager after 1 min");
        Assert.Contains(page.Timeline, e => e is { Kind: TimelineKind.Note } && e.Summary.EndsWith("Wants Saturday.", StringComparison.Ordinal));
        Assert.Contains(page.Timeline, e => e is { Kind: TimelineKind.Appointment } && e.Summary == "Booked Ceramic Window Tint - Full Sedan for Sat Nov 28, 9:00 AM");
        Assert.Contains(page.Timeline, e => e is { Kind: TimelineKind.Touch, Channel: LeadOrchestrator.Conversations.ConversationChannel.Sms } && e.Summary.StartsWith("Follow-up text: ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task AStageWrittenBehindTheRulesBack_IsSetRight_ByTheSweep(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        using var staff = await h.Messaging.StaffClientAsync();
        var (lead, token) = await h.LeadWithTokenAsync("(512) 555-0101", "Carl");
        await h.App.EventuallyAsync(() => h.App.DbAsync(db => db.TouchPoints.AcrossTenants().AnyAsync(t => t.LeadId == lead.Id && t.SentAt != null)),
            advance: TimeSpan.FromSeconds(1), because: "the first text went out");
        Assert.Equal(LeadStage.Contacted, (await ListAsync(staff, "")).Items.Single(i => i.Id == lead.Id).Stage);

        // A customer's message moves the stored stage in the same breath as it is saved.
        await h.AskAsync(lead.Id, token, "what are your hours?");
        Assert.Equal(new LeadPipeline.StageCounts(0, 0, 1, 0, 0, 0, 0, 0), (await ListAsync(staff, "")).Counts);

        // A row written by hand (or by a process that died before its refresh) is behind until the sweep.
        await h.App.DbAsync(db => db.Leads.AcrossTenants().Where(l => l.Id == lead.Id).ExecuteUpdateAsync(u => u.SetProperty(l => l.Stage, LeadStage.Won), Ct));
        Assert.Equal([lead.Id], (await ListAsync(staff, "?stage=won")).Items.Select(i => i.Id));
        h.App.Time.Advance(new LeadsOptions().StageSweep);
        var swept = await h.App.EventuallyAsync(async () => await ListAsync(staff, "") is { Counts.Engaged: 1 } page ? page : null,
            advance: TimeSpan.FromSeconds(1), because: "the sweep set the stage right");
        Assert.Equal(new LeadPipeline.StageCounts(0, 0, 1, 0, 0, 0, 0, 0), swept.Counts);
        Assert.Empty((await ListAsync(staff, "?stage=won")).Items);
    }

    [Fact]
    public async Task AnotherTenantsLead_IsNotFound_AndNeverListed()
    {
        var h = _h = await ChatHarness.StartAsync(DatabaseKind.Sqlite, postgres);
        using var staff = await h.Messaging.StaffClientAsync();
        var foreign = await h.Messaging.ForeignLeadAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/console/leads/{foreign}", Ct)).StatusCode);
        Assert.DoesNotContain((await ListAsync(staff, "")).Items, i => i.Id == foreign);
        Assert.Equal(new LeadPipeline.StageCounts(0, 0, 0, 0, 0, 0, 0, 0), (await ListAsync(staff, "")).Counts);
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.App.Client.GetAsync("/api/console/leads", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.App.Client.GetAsync($"/api/console/leads/{foreign}", Ct)).StatusCode);
    }

    /// <summary>Changes a lead as a feature would: a tracked save, which refreshes its stage.</summary>
    private static Task SaveLeadAsync(ChatHarness h, Guid leadId, Action<Lead> change) =>
        h.App.DbAsync(async db =>
        {
            var lead = await db.Leads.AcrossTenants().SingleAsync(l => l.Id == leadId, Ct);
            change(lead);
            await db.SaveChangesAsync(Ct);
        });

    private static async Task<LeadPipeline.LeadPage> ListAsync(HttpClient staff, string query)
    {
        var response = await staff.GetAsync("/api/console/leads" + query, Ct);
        Assert.True(response.IsSuccessStatusCode, $"{query}: {response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<LeadPipeline.LeadPage>(ApiJson.Options, Ct))!;
    }
}
