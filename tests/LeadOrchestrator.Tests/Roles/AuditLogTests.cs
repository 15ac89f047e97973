using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Audit;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Common;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static LeadOrchestrator.Audit.AuditEndpoints;

namespace LeadOrchestrator.Tests.Roles;

/// <summary>
/// The audit log: every staff action and every automated decision that changed state has its row, with who made it,
/// written in the change's own transaction (a change that failed has none); nobody can change or remove a row; the
/// console reads it filtered, scoped to the manager's locations, and as CSV.
/// </summary>
public sealed class AuditLogTests(PostgresServer postgres) : IAsyncDisposable
{
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
    public async Task EachActionKind_HasItsRow_WithWhoMadeIt(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var world = await ScopedTenant.SeedAsync(h);
        var own = world.Own;
        using var manager = await h.Messaging.StaffClientAsync();
        using var owner = await h.Messaging.StaffClientAsync(ScopedTenant.OwnerEmail, ScopedTenant.OwnerPassword);
        var managerId = await h.App.DbAsync(db => db.Users.AcrossTenants().Where(u => u.Email == MessagingHarness.StaffEmail).Select(u => u.Id).SingleAsync());
        var conversation = $"/api/console/conversations/{own.Conversation}";

        await OkAsync(manager.PostAsync($"{conversation}/takeover", null, Ct));
        await OkAsync(manager.PostAsJsonAsync($"{conversation}/replies", new { text = "We have Saturday open.", channel = "web" }, Ct));
        await OkAsync(manager.PostAsJsonAsync($"{conversation}/notes", new { text = "Wants the dark film." }, Ct));
        await OkAsync(manager.PostAsJsonAsync($"{conversation}/assign", new { userId = own.User }, Ct));
        await OkAsync(manager.PostAsync($"{conversation}/done", null, Ct));
        await OkAsync(manager.PostAsync($"{conversation}/reopen", null, Ct));
        await OkAsync(manager.PostAsync($"{conversation}/release", null, Ct));
        foreach (var control in new[] { "pause", "resume", "stop" })
            await OkAsync(manager.PostAsync($"/api/console/leads/{own.Lead}/cadence/{control}", null, Ct));
        var slots = await manager.GetFromJsonAsync<LeadOrchestrator.Booking.BookingEndpoints.SlotsView>($"/api/console/leads/{own.Lead}/slots?serviceId={world.ServiceId}", ApiJson.Options, Ct);
        var newStart = slots!.Slots[^1].Start;
        await OkAsync(manager.PostAsJsonAsync($"/api/console/appointments/{own.Appointment}/reschedule", new { start = newStart }, Ct));
        await OkAsync(manager.PostAsync($"/api/console/appointments/{own.Appointment}/cancel", null, Ct));
        await OkAsync(manager.PutAsJsonAsync("/api/console/cadence/steps/2", new { body = "Still thinking it over, {{ first_name }}? {{ chat_link }}" }, Ct));
        var reply = await (await OkAsync(manager.PostAsJsonAsync("/api/console/saved-replies", new { title = "Parking", body = "Park by bay 2." }, Ct)))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        var replyId = reply.GetProperty("id").GetGuid();
        await OkAsync(manager.PutAsJsonAsync($"/api/console/saved-replies/{replyId}", new { title = "Parking", body = "Park by bay 3." }, Ct));
        await OkAsync(manager.DeleteAsync($"/api/console/saved-replies/{replyId}", Ct));
        await OkAsync(manager.PutAsJsonAsync($"/api/console/users/{own.User}", new { role = "manager" }, Ct));
        await OkAsync(manager.PostAsync($"/api/console/users/{own.User}/deactivate", null, Ct));
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await h.App.CreateClient().PostAsJsonAsync("/api/console/auth/login", new { email = MessagingHarness.StaffEmail, password = "not the password" }, Ct)).StatusCode);
        // The customer's own doing: a STOP by text, and asking the assistant for a person.
        await h.Messaging.TextTheShopAsync("+15125550201", "STOP");
        var (asker, token) = await h.LeadWithTokenAsync("(512) 555-0301", "Ann");
        await h.AskAsync(asker.Id, token, "can I talk to a real person please");

        var log = await h.App.DbAsync(db => db.AuditLog.AcrossTenants().AsNoTracking().OrderBy(e => e.Id).ToListAsync());
        AuditEntry One(string action, Guid? subject = null) =>
            Assert.Single(log, e => e.Action == action && (subject is null || e.SubjectId == subject));
        foreach (var action in new[]
        {
            AuditActions.ConversationTakenOver, AuditActions.ConversationReplied, AuditActions.ConversationNoted, AuditActions.ConversationAssigned,
            AuditActions.ConversationDone, AuditActions.ConversationReopened, AuditActions.ConversationReleased,
        })
        {
            var e = One(action, own.Conversation);
            Assert.Equal((AuditActorType.Staff, managerId, own.Location, own.Lead, "conversation"), (e.ActorType, e.ActorId, e.LocationId, e.LeadId, e.SubjectType));
        }
        Assert.Equal(own.User, JsonDocument.Parse(One(AuditActions.ConversationAssigned).Details!).RootElement.GetProperty("to").GetGuid());
        Assert.Equal("web", JsonDocument.Parse(One(AuditActions.ConversationReplied).Details!).RootElement.GetProperty("channel").GetString());
        Assert.DoesNotContain("Saturday", One(AuditActions.ConversationReplied).Details!, StringComparison.Ordinal); // never the words
        foreach (var action in new[] { AuditActions.CadencePaused, AuditActions.CadenceResumed, AuditActions.CadenceStopped })
            Assert.Equal((AuditActorType.Staff, managerId, own.Lead), (One(action, own.Lead).ActorType, One(action, own.Lead).ActorId, One(action, own.Lead).LeadId));
        Assert.Equal("staff_stopped", JsonDocument.Parse(One(AuditActions.CadenceStopped, own.Lead).Details!).RootElement.GetProperty("reason").GetString());
        var moved = JsonDocument.Parse(One(AuditActions.AppointmentMoved, own.Appointment).Details!).RootElement;
        Assert.Equal(newStart, moved.GetProperty("to").GetDateTimeOffset());
        Assert.Equal(AuditActorType.Staff, One(AuditActions.AppointmentCancelled, own.Appointment).ActorType);
        var step = JsonDocument.Parse(One(AuditActions.CadenceStepChanged).Details!).RootElement;
        Assert.Equal(2, step.GetProperty("step").GetInt32());
        Assert.Equal("Still thinking it over, {{ first_name }}? {{ chat_link }}", step.GetProperty("changes").GetProperty("body")[1].GetString());
        Assert.NotEqual(JsonValueKind.Null, step.GetProperty("changes").GetProperty("body")[0].ValueKind); // the wording before
        Assert.Equal(["Park by bay 2.", "Park by bay 3."], JsonDocument.Parse(One(AuditActions.SavedReplyChanged, replyId).Details!).RootElement.GetProperty("body")
            .EnumerateArray().Select(v => v.GetString()));
        One(AuditActions.SavedReplyCreated, replyId);
        One(AuditActions.SavedReplyDeleted, replyId);
        Assert.Equal("manager", JsonDocument.Parse(One(AuditActions.UserRoleChanged, own.User).Details!).RootElement.GetProperty("to").GetString());
        One(AuditActions.UserDeactivated, own.User);
        Assert.Contains(log, e => e.Action == AuditActions.SignedIn && e.ActorId == managerId);
        Assert.Contains(log, e => e.Action == AuditActions.SignInFailed && e.SubjectId == managerId && e.TenantId == h.Messaging.TenantId);
        var stop = Assert.Single(log, e => e.Action == AuditActions.OptedOut && e.LeadId == own.Lead);
        Assert.Equal(AuditActorType.Customer, stop.ActorType);
        Assert.DoesNotContain("0201", stop.Details!, StringComparison.Ordinal); // the number stays out of the record
        Assert.Equal(AuditActorType.Customer, Assert.Single(log, e => e.Action == AuditActions.HandoffRaised && e.LeadId == asker.Id).ActorType);

        // The lead's timeline tells these by name, from the log.
        var timeline = (await manager.GetFromJsonAsync<JsonElement>($"/api/console/leads/{own.Lead}", Ct)).GetProperty("timeline")
            .EnumerateArray().Select(e => e.GetProperty("summary").GetString()).ToList();
        foreach (var said in new[] { "Taken over by Acme Manager", "Assigned to Acme FrontDesk by Acme Manager", "Marked done by Acme Manager", "Reopened by Acme Manager",
            "Handed back to the assistant by Acme Manager", "Follow-ups paused by Acme Manager", "Follow-ups resumed by Acme Manager" })
            Assert.Contains(said, timeline);

        // The console's page: a lead's story, a subject's actions, one actor type, and the CSV; the manager does not see
        // another location's rows (the owner's note on A2), the owner does.
        await OkAsync(owner.PostAsJsonAsync($"/api/console/conversations/{world.OtherLocation.Conversation}/notes", new { text = "Call back." }, Ct));
        var story = await PageAsync(manager, $"?leadId={own.Lead}");
        Assert.True(story.Entries.Count >= 12);
        Assert.All(story.Entries, e => Assert.Equal(own.Lead, e.LeadId));
        Assert.Equal("Acme Manager", story.Entries.First(e => e.ActorType == AuditActorType.Staff).ActorName);
        Assert.All((await PageAsync(manager, "?action=appointment.")).Entries, e => Assert.StartsWith("appointment.", e.Action, StringComparison.Ordinal));
        Assert.All((await PageAsync(manager, "?actorType=customer")).Entries, e => Assert.Equal(AuditActorType.Customer, e.ActorType));
        Assert.DoesNotContain((await PageAsync(manager, "?action=conversation.noted")).Entries, e => e.SubjectId == world.OtherLocation.Conversation);
        Assert.Contains((await PageAsync(owner, "?action=conversation.noted")).Entries, e => e.SubjectId == world.OtherLocation.Conversation);
        var first = await PageAsync(owner, "?limit=5");
        var second = await PageAsync(owner, $"?limit=5&cursor={first.NextCursor}");
        Assert.Empty(first.Entries.Select(e => e.Id).Intersect(second.Entries.Select(e => e.Id)));
        Assert.True(first.Entries[^1].Id > second.Entries[0].Id);

        using var csv = await manager.GetAsync($"/api/console/audit?leadId={own.Lead}&format=csv", Ct);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("at,actor_type,actor_id,actor,action,subject_type,subject_id,lead_id,location_id,details", lines[0]);
        Assert.Equal(story.Entries.Count + 1, lines.Length);
        Assert.Contains(lines, l => l.Contains(",conversation.taken_over,conversation,", StringComparison.Ordinal));

        foreach (var (query, code) in new[] { ("?actorType=robot", "bad_actor_type"), ("?format=xml", "bad_format"), ("?limit=0", "bad_limit"),
            ("?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "bad_dates") })
        {
            using var refused = await manager.GetAsync("/api/console/audit" + query, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(code, (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
        }
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task AFailedChange_LeavesNoRow_AndNoRowCanBeChangedOrRemoved(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var world = await ScopedTenant.SeedAsync(h);
        var lead = world.Own.Lead;

        // One save: the pause, and a message of a conversation that does not exist. The database refuses it, and with it the row.
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => h.App.DbAsync(async db =>
        {
            (await db.Leads.AcrossTenants().SingleAsync(l => l.Id == lead)).CadenceStatus = CadenceStatus.Paused;
            db.ChatMessages.Add(new ChatMessage
            {
                Id = Guid.NewGuid(), TenantId = h.Messaging.TenantId, SessionId = Guid.NewGuid(), Role = ChatRole.Staff, Channel = ConversationChannel.Web,
                Content = "x", CreatedAt = h.App.Time.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }));
        Assert.False(await h.App.DbAsync(db => db.AuditLog.AcrossTenants().AnyAsync(e => e.LeadId == lead && e.Action == AuditActions.CadencePaused)));
        // The same change alone commits, with its row: a worker's, so the system's.
        await h.App.DbAsync(async db =>
        {
            (await db.Leads.AcrossTenants().SingleAsync(l => l.Id == lead)).CadenceStatus = CadenceStatus.Paused;
            await db.SaveChangesAsync();
        });
        var row = await h.App.DbAsync(db => db.AuditLog.AcrossTenants().SingleAsync(e => e.LeadId == lead && e.Action == AuditActions.CadencePaused));
        Assert.Equal((AuditActorType.System, (Guid?)null), (row.ActorType, row.ActorId));

        // Append-only: the app refuses to change or remove a row, and so does the database.
        await Assert.ThrowsAsync<InvalidOperationException>(() => h.App.DbAsync(async db =>
        {
            (await db.AuditLog.AcrossTenants().SingleAsync(e => e.Id == row.Id)).Action = "nothing.happened";
            await db.SaveChangesAsync();
        }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => h.App.DbAsync(async db =>
        {
            db.AuditLog.Remove(await db.AuditLog.AcrossTenants().SingleAsync(e => e.Id == row.Id));
            await db.SaveChangesAsync();
        }));
        foreach (var sql in new[] { "UPDATE audit_log SET action = 'nothing.happened'", "DELETE FROM audit_log" })
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => h.App.DbAsync(db => db.Database.ExecuteSqlRawAsync(sql)));
        Assert.Equal(AuditActions.CadencePaused, (await h.App.DbAsync(db => db.AuditLog.AcrossTenants().SingleAsync(e => e.Id == row.Id))).Action);
    }

    private static async Task<AuditPage> PageAsync(HttpClient client, string query) =>
        (await (await OkAsync(client.GetAsync("/api/console/audit" + query, Ct))).Content.ReadFromJsonAsync<AuditPage>(ApiJson.Options, Ct))!;

    private static async Task<HttpResponseMessage> OkAsync(Task<HttpResponseMessage> sending)
    {
        var response = await sending;
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return response;
    }
}
