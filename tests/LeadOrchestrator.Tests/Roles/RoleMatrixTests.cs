using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Booking;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tenants;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadOrchestrator.Tests.Roles;

/// <summary>
/// Every console route, from the app's own endpoint list, × every role × a subject of the colleague's own location,
/// of another location of the tenant and of another tenant: 2xx (or a refusal that is about the request, not about
/// who asks) where allowed, 403 where the role may not, 404 where the subject is outside their scope. A new route
/// the table does not name fails the test, so every route is given its policy and its subject on purpose.
/// </summary>
public sealed class RoleMatrixTests(PostgresServer postgres) : IAsyncDisposable
{
    private ChatHarness? _h;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_h is not null)
            await _h.DisposeAsync();
    }

    private enum Policy { Anyone, Manager, Owner }

    /// <summary>What a route's ids name: nothing (a list, the colleague's own settings), or one row of a location or tenant.</summary>
    private enum Subject { None, Lead, Conversation, Appointment, User, Location, SavedReply, NewSavedReply, NewInvitation }

    /// <summary>One row of the table: the route's policy, what its ids name, and a request body for a case (null: none).</summary>
    private sealed record Route(Policy Policy, Subject Subject, Func<World, Case, object?>? Body = null);

    /// <summary>Signed-in routes checked by their own tests (the session's own sign-in and password), not by role.</summary>
    private static readonly HashSet<string> SessionRoutes =
    [
        "StaffLogin", "StaffLogout", "StaffChangePassword", "ForgotPassword", "ResetPassword", "PreviewInvitation", "AcceptInvitation",
        "GetTwoFactor", "SetUpTwoFactor", "EnableTwoFactor", "DisableTwoFactor", "NewRecoveryCodes",
    ];

    private static readonly Dictionary<string, Route> Routes = new()
    {
        ["StaffMe"] = new(Policy.Anyone, Subject.None),
        ["GetNotificationSettings"] = new(Policy.Anyone, Subject.None),
        ["SetNotificationSettings"] = new(Policy.Anyone, Subject.None, (_, _) => new { handoffEmail = false, handoffSms = false, appointmentEmail = false, appointmentSms = false }),
        ["ConsoleEvents"] = new(Policy.Anyone, Subject.None),
        ["ListConversations"] = new(Policy.Anyone, Subject.None),
        ["ListLeads"] = new(Policy.Anyone, Subject.None),
        ["ConsoleListAppointments"] = new(Policy.Anyone, Subject.None),
        ["ListLocations"] = new(Policy.Anyone, Subject.None),
        ["ListColleagues"] = new(Policy.Anyone, Subject.None),
        ["ListSavedReplies"] = new(Policy.Anyone, Subject.None),
        ["GetCadenceTemplate"] = new(Policy.Anyone, Subject.None),
        ["ListUnresolvedMessages"] = new(Policy.Anyone, Subject.None),
        ["GetAgenda"] = new(Policy.Anyone, Subject.Location),
        ["ListBookableServices"] = new(Policy.Anyone, Subject.Location),
        ["GetLead"] = new(Policy.Anyone, Subject.Lead),
        ["SetLeadLanguage"] = new(Policy.Anyone, Subject.Lead, (_, _) => new { language = "es" }),
        ["GetLeadCadence"] = new(Policy.Anyone, Subject.Lead),
        ["PauseLeadCadence"] = new(Policy.Anyone, Subject.Lead),
        ["ResumeLeadCadence"] = new(Policy.Anyone, Subject.Lead),
        ["StopLeadCadence"] = new(Policy.Anyone, Subject.Lead),
        ["SendLeadMessage"] = new(Policy.Anyone, Subject.Lead, (_, _) => new { body = "We can fit you in Thursday.", channel = "chat" }),
        ["AddLeadNote"] = new(Policy.Anyone, Subject.Lead, (_, _) => new { body = "Called, no answer." }),
        ["TakeOverLead"] = new(Policy.Anyone, Subject.Lead),
        ["HandBackLead"] = new(Policy.Anyone, Subject.Lead),
        ["MarkLeadDone"] = new(Policy.Anyone, Subject.Lead),
        ["ReopenLead"] = new(Policy.Anyone, Subject.Lead),
        ["AssignLead"] = new(Policy.Anyone, Subject.Lead, (_, _) => new { userId = (Guid?)null }),
        ["TakeOverConversation"] = new(Policy.Anyone, Subject.Lead),
        ["ReleaseConversation"] = new(Policy.Anyone, Subject.Lead),
        ["SuggestLeadReply"] = new(Policy.Anyone, Subject.Lead),
        ["ConsoleGetFreeSlots"] = new(Policy.Anyone, Subject.Lead),
        ["ConsoleBookAppointment"] = new(Policy.Anyone, Subject.Lead, (w, _) => new { serviceId = w.ServiceId, start = w.Tomorrow }),
        ["GetConversation"] = new(Policy.Anyone, Subject.Conversation),
        ["ReplyToConversation"] = new(Policy.Anyone, Subject.Conversation, (_, _) => new { text = "On our way.", channel = "web" }),
        ["AddConversationNote"] = new(Policy.Anyone, Subject.Conversation, (_, _) => new { text = "VIP." }),
        ["TakeOverConversationById"] = new(Policy.Anyone, Subject.Conversation),
        ["ReleaseConversationById"] = new(Policy.Anyone, Subject.Conversation),
        ["MarkConversationDone"] = new(Policy.Anyone, Subject.Conversation),
        ["ReopenConversation"] = new(Policy.Anyone, Subject.Conversation),
        ["AssignConversation"] = new(Policy.Anyone, Subject.Conversation, (_, _) => new { userId = (Guid?)null }),
        ["SetConversationPresence"] = new(Policy.Anyone, Subject.Conversation, (_, _) => new { state = "viewing" }),
        ["GetConversationPresence"] = new(Policy.Anyone, Subject.Conversation),
        ["SuggestReply"] = new(Policy.Anyone, Subject.Conversation),
        ["FillInSavedReply"] = new(Policy.Anyone, Subject.Conversation),
        ["ConsoleGetAppointment"] = new(Policy.Anyone, Subject.Appointment),
        ["ConsoleSetAppointmentOutcome"] = new(Policy.Anyone, Subject.Appointment, (_, _) => new { status = "completed" }),
        ["ConsoleRetryAppointmentSync"] = new(Policy.Anyone, Subject.Appointment),
        ["ConsoleRescheduleAppointment"] = new(Policy.Anyone, Subject.Appointment, (w, _) => new { start = w.Tomorrow.AddHours(2) }),
        ["ConsoleCancelAppointment"] = new(Policy.Anyone, Subject.Appointment),
        ["ChangeCadenceStep"] = new(Policy.Manager, Subject.None, (_, _) => new { offsetMinutes = (int?)null }),
        ["PreviewCadenceStep"] = new(Policy.Manager, Subject.None, (_, _) => new { channel = "sms", body = "Hi {{ first_name }}" }),
        ["TryAssistant"] = new(Policy.Manager, Subject.None, (_, _) => new { messages = new[] { new { role = "customer", text = "What are your hours?" } } }),
        ["AssistantCheckup"] = new(Policy.Manager, Subject.Location),
        ["RunAssistantCheckup"] = new(Policy.Manager, Subject.Location),
        ["CreateSavedReply"] = new(Policy.Manager, Subject.None, (_, _) => new { title = $"Reply {Guid.NewGuid():N}", body = "Thanks!" }),
        ["ChangeSavedReply"] = new(Policy.Manager, Subject.SavedReply, (_, _) => new { title = $"Reply {Guid.NewGuid():N}", body = "Thanks again!" }),
        ["DeleteSavedReply"] = new(Policy.Manager, Subject.NewSavedReply),
        ["ListUsers"] = new(Policy.Manager, Subject.None),
        ["ListAuditLog"] = new(Policy.Manager, Subject.None),
        ["ChangeUser"] = new(Policy.Manager, Subject.User, (w, c) => new { role = "front_desk", locationIds = new[] { w.Of(c).Location } }),
        ["DeactivateUser"] = new(Policy.Manager, Subject.User),
        ["ReactivateUser"] = new(Policy.Manager, Subject.User),
        ["InviteColleague"] = new(Policy.Manager, Subject.None, (w, c) => new { email = $"invitee-{Guid.NewGuid():N}@acme.example", role = "front_desk", locationIds = new[] { w.Of(c).Location } }),
        ["ResendInvitation"] = new(Policy.Manager, Subject.NewInvitation),
        ["RevokeInvitation"] = new(Policy.Manager, Subject.NewInvitation),
        ["ListFailedInboundEvents"] = new(Policy.Owner, Subject.None),
        ["GetShopMonkeyConnection"] = new(Policy.Owner, Subject.None),
        ["ConnectShopMonkey"] = new(Policy.Owner, Subject.None, (_, _) => new { apiKey = "", baseUrl = (string?)null }),
        ["ListShopMonkeyLocations"] = new(Policy.Owner, Subject.None),
        ["RotateShopMonkeyWebhookSecret"] = new(Policy.Owner, Subject.None),
        ["RegisterShopMonkeyWebhook"] = new(Policy.Owner, Subject.None),
        ["ImportShopMonkeyCatalog"] = new(Policy.Owner, Subject.None),
        ["EnableLocation"] = new(Policy.Owner, Subject.None, (_, _) => new { shopmonkeyLocationId = "loc-unknown" }),
        ["GetLocationSettings"] = new(Policy.Manager, Subject.Location),
        ["ChangeLocationSettings"] = new(Policy.Manager, Subject.Location, (_, _) => new { bays = 2 }),
        ["LocationGoLive"] = new(Policy.Manager, Subject.Location),
        ["ChangeLocation"] = new(Policy.Manager, Subject.Location, (_, _) => new { bays = 2 }),
        ["ExportCustomerData"] = new(Policy.Owner, Subject.None, (_, _) => new { phone = "+15125550111" }),
        ["EraseCustomerData"] = new(Policy.Owner, Subject.None, (_, _) => new { phone = "+15125550111" }),
        ["GetMessageRetention"] = new(Policy.Owner, Subject.None),
        ["SetMessageRetention"] = new(Policy.Owner, Subject.None, (_, _) => new { months = 24 }),
        ["SendTestLead"] = new(Policy.Manager, Subject.Location, (_, _) => new { phone = "+15125550197", email = "me@acme.example" }),
    };

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task EveryConsoleRoute_AnswersEachRole_ForItsOwnLocation_AnotherLocation_AndAnotherTenant(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var world = await ScopedTenant.SeedAsync(h);
        var clients = new Dictionary<StaffRole, HttpClient>
        {
            [StaffRole.FrontDesk] = await h.Messaging.StaffClientAsync(ScopedTenant.DeskEmail, ScopedTenant.DeskPassword),
            [StaffRole.Manager] = await h.Messaging.StaffClientAsync(),
            [StaffRole.Owner] = await h.Messaging.StaffClientAsync(ScopedTenant.OwnerEmail, ScopedTenant.OwnerPassword),
        };

        var endpoints = h.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/console", StringComparison.Ordinal))
            .Select(e => (Name: e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? e.RoutePattern.RawText!, Endpoint: e))
            .Where(e => !SessionRoutes.Contains(e.Name)).ToList();
        var names = endpoints.Select(e => e.Name).ToHashSet();
        Assert.True(names.SetEquals(Routes.Keys),
            $"Routes the table does not name: {string.Join(", ", names.Except(Routes.Keys))}; named but not routes: {string.Join(", ", Routes.Keys.Except(names))}");

        var failures = new List<string>();
        foreach (var (name, endpoint) in endpoints)
        {
            var route = Routes[name];
            var method = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Single();
            var cases = route.Subject is Subject.None ? [Case.Own]
                : route.Subject is Subject.SavedReply or Subject.NewSavedReply ? [Case.Own, Case.OtherTenant]
                : new[] { Case.Own, Case.OtherLocation, Case.OtherTenant };
            foreach (var (role, client) in clients)
            {
                foreach (var c in cases)
                {
                    var path = await PathAsync(h, world, endpoint.RoutePattern.RawText!, route.Subject, c);
                    var status = await SendAsync(client, method, path, route.Body?.Invoke(world, c));
                    var allowed = route.Policy switch { Policy.Anyone => true, Policy.Manager => role != StaffRole.FrontDesk, _ => role == StaffRole.Owner };
                    var inScope = c == Case.Own || (c == Case.OtherLocation && role == StaffRole.Owner);
                    var ok = !allowed ? status == HttpStatusCode.Forbidden
                        : !inScope ? status == HttpStatusCode.NotFound
                        : status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound) && (int)status < 500;
                    if (!ok)
                        failures.Add($"{name} {method} {path} as {role}, {c}: {(int)status} (expected {(!allowed ? "403" : !inScope ? "404" : "2xx/4xx")})");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));

        // Another location's rows were not touched by any of it, whoever asked (the owner may, and did not write here).
        var other = world.OtherLocation;
        Assert.False(await h.App.DbAsync(db => db.ChatMessages.AcrossTenants()
            .AnyAsync(m => m.SessionId == other.Conversation && m.Role == ChatRole.Staff && m.AuthorUserId != world.OwnerId)));
        Assert.False(await h.App.DbAsync(db => db.ConversationNotes.AcrossTenants().AnyAsync(n => n.SessionId == other.Conversation && n.AuthorUserId != world.OwnerId)));
        Assert.False(await h.App.DbAsync(db => db.ChatMessages.AcrossTenants().AnyAsync(m => m.SessionId == world.OtherTenant.Conversation && m.Role == ChatRole.Staff)));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task AFrontDesk_SeesAndHearsOnlyTheirLocation_WhileTheOwnerHasEvery(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var world = await ScopedTenant.SeedAsync(h);
        using var desk = await h.Messaging.StaffClientAsync(ScopedTenant.DeskEmail, ScopedTenant.DeskPassword);
        using var owner = await h.Messaging.StaffClientAsync(ScopedTenant.OwnerEmail, ScopedTenant.OwnerPassword);
        var (own, other) = (world.Own, world.OtherLocation);

        Assert.Equal([own.Location], Ids((await JsonAsync(desk, "/api/console/me")).GetProperty("locationIds")));
        Assert.Equal(JsonValueKind.Null, (await JsonAsync(owner, "/api/console/me")).GetProperty("locationIds").ValueKind);
        Assert.Equal([own.Lead], Ids((await JsonAsync(desk, "/api/console/leads")).GetProperty("items")));
        Assert.Equal(new[] { own.Lead, other.Lead }.Order(), Ids((await JsonAsync(owner, "/api/console/leads")).GetProperty("items")).Order());
        // The stage counts are the location's too.
        Assert.Equal(1, (await JsonAsync(desk, "/api/console/leads")).GetProperty("counts").EnumerateObject().Sum(c => c.Value.GetInt32()));
        Assert.Equal(2, (await JsonAsync(owner, "/api/console/leads")).GetProperty("counts").EnumerateObject().Sum(c => c.Value.GetInt32()));
        Assert.Equal([own.Conversation], Ids((await JsonAsync(desk, "/api/console/conversations")).GetProperty("conversations")));
        Assert.Equal(1, (await JsonAsync(desk, "/api/console/conversations")).GetProperty("needsStaffCount").GetInt32());
        Assert.Equal(2, (await JsonAsync(owner, "/api/console/conversations")).GetProperty("needsStaffCount").GetInt32());
        Assert.Equal([own.Appointment], Ids(await JsonAsync(desk, "/api/console/appointments")));
        Assert.Equal([own.Location], Ids((await JsonAsync(desk, "/api/console/locations")).GetProperty("locations")));
        Assert.Equal(2, (await JsonAsync(owner, "/api/console/locations")).GetProperty("locations").GetArrayLength());
        // Colleagues to assign: those of the desk's location and the owner, not the other location's front desk.
        var colleagues = Ids((await JsonAsync(desk, "/api/console/staff")).GetProperty("staff"));
        Assert.Contains(own.User, colleagues);
        Assert.Contains(world.OwnerId, colleagues);
        Assert.DoesNotContain(other.User, colleagues);
        var assign = await desk.PostAsJsonAsync($"/api/console/conversations/{own.Conversation}/assign", new { userId = other.User }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, assign.StatusCode);

        // Live: the owner's note on the other location's conversation reaches the owner's console, not the desk's;
        // the next one, on the desk's own location, reaches both.
        await using var deskFeed = await LiveFeed.OpenAsync(desk, "/api/console/events");
        await using var ownerFeed = await LiveFeed.OpenAsync(owner, "/api/console/events");
        foreach (var conversation in new[] { other.Conversation, own.Conversation })
            (await owner.PostAsJsonAsync($"/api/console/conversations/{conversation}/notes", new { text = "Checked the film stock." }, Ct)).EnsureSuccessStatusCode();
        var first = await ownerFeed.NextAsync("conversation.updated");
        Assert.Equal(other.Conversation, first.GetProperty("conversationId").GetGuid());
        var heard = await deskFeed.NextAsync("conversation.updated");
        Assert.Equal(own.Conversation, heard.GetProperty("conversationId").GetGuid());
        // Resuming from before both (Last-Event-ID) replays only the desk's location too.
        await using var replay = await LiveFeed.OpenAsync(desk, "/api/console/events", lastEventId: (first.GetProperty("id").GetInt64() - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(own.Conversation, (await replay.NextAsync("conversation.updated")).GetProperty("conversationId").GetGuid());
    }

    private static async Task<JsonElement> JsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private static List<Guid> Ids(JsonElement array) =>
        [.. array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetGuid() : e.GetProperty("id").GetGuid())];

    /// <summary>The route's template with the case's ids in place (and a location in the query for a location's route).</summary>
    private static async Task<string> PathAsync(ChatHarness h, World world, string template, Subject subject, Case c)
    {
        var place = world.Of(c);
        var savedReply = subject == Subject.NewSavedReply ? await NewSavedReplyAsync(h, c == Case.OtherTenant ? place : null) : place.SavedReply;
        var path = template
            .Replace("{leadId:guid}", place.Lead.ToString())
            .Replace("{conversationId:guid}", place.Conversation.ToString())
            .Replace("{appointmentId:guid}", place.Appointment.ToString())
            .Replace("{userId:guid}", place.User.ToString())
            .Replace("{locationId:guid}", place.Location.ToString())
            .Replace("{replyId:guid}", (subject == Subject.Conversation ? world.Own.SavedReply : savedReply).ToString())
            .Replace("{step:int}", "1")
            .Replace("{checkId}", "the-opening-hours");
        if (subject == Subject.NewInvitation)
            path = path.Replace("{invitationId:guid}", (await NewInvitationAsync(h, place)).ToString());
        if (subject == Subject.Location)
            path += $"?locationId={place.Location}";
        Assert.DoesNotContain('{', path);
        return path;
    }

    /// <summary>An open invitation to the place's location (made per request: withdrawing one spends it).</summary>
    private static Task<Guid> NewInvitationAsync(ChatHarness h, Place place) =>
        h.App.DbAsync(async db =>
        {
            var tenantId = await db.Locations.AcrossTenants().Where(l => l.Id == place.Location).Select(l => l.TenantId).SingleAsync();
            var now = h.App.Time.GetUtcNow();
            var invitation = new StaffInvitation
            {
                Id = Guid.NewGuid(), TenantId = tenantId, Email = $"invitee-{Guid.NewGuid():N}@acme.example", Role = StaffRole.FrontDesk, LocationIds = [place.Location],
                TokenHash = StaffInvitation.NewToken().Hash, CreatedAt = now, SentAt = now, ExpiresAt = now + StaffInvitation.Lifetime,
            };
            db.StaffInvitations.Add(invitation);
            await db.SaveChangesAsync();
            return invitation.Id;
        });

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string method, string path, object? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        else if (method is "POST" or "PUT")
            request.Content = new StringContent("", System.Text.Encoding.UTF8, "application/json");
        // A live stream answers with its headers and then stays open: its status is all this needs.
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        return response.StatusCode;
    }

    private static Task<Guid> NewSavedReplyAsync(ChatHarness h, Place? otherTenant) =>
        h.App.DbAsync(async db =>
        {
            var tenant = otherTenant is null ? h.Messaging.TenantId
                : await db.Locations.AcrossTenants().Where(l => l.Id == otherTenant.Location).Select(l => l.TenantId).SingleAsync();
            var reply = new SavedReply { Id = Guid.NewGuid(), TenantId = tenant, Title = $"Gone {Guid.NewGuid():N}", Body = "…", CreatedAt = h.App.Time.GetUtcNow(), UpdatedAt = h.App.Time.GetUtcNow() };
            db.SavedReplies.Add(reply);
            await db.SaveChangesAsync();
            return reply.Id;
        });
}
