using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LeadOrchestrator.Audit;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static LeadOrchestrator.Staff.InvitationEndpoints;

namespace LeadOrchestrator.Tests.Roles;

/// <summary>
/// Colleagues join by invitation: a manager invites an address to their own location with a role, the link is
/// emailed (the outbox here), the invitee sees whose console it is and accepts it with their name and a password that
/// Identity's rules accept — which makes the account, with exactly that role and those locations, and signs them in.
/// The link works once and for a week; a resend replaces it; a withdrawn one is said to be withdrawn.
/// </summary>
public sealed partial class InvitationTests(PostgresServer postgres) : IAsyncDisposable
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
    public async Task AnInvitedColleague_AcceptsTheLink_AndHasExactlyTheRoleAndLocationsTheyWereGiven(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var world = await ScopedTenant.SeedAsync(h);
        using var manager = await h.Messaging.StaffClientAsync();

        var invited = await SendAsync<InvitationView>(manager, HttpMethod.Post, "/api/console/users/invitations",
            new { email = "  New.Desk@Acme.example ", role = "front_desk", locationIds = new[] { world.Own.Location } }, HttpStatusCode.Created);
        Assert.Equal(("new.desk@acme.example", StaffRole.FrontDesk, false), (invited.Email, invited.Role, invited.Expired));
        Assert.Equal(h.App.Time.GetUtcNow() + StaffInvitation.Lifetime, invited.ExpiresAt);
        // In the manager's list of colleagues, as waiting.
        var list = (await manager.GetFromJsonAsync<UserEndpoints.UserList>("/api/console/users", ApiJson.Options, Ct))!;
        Assert.Contains(list.Invitations, i => i.Id == invited.Id && i.InvitedBy == "Acme Manager");

        // The email: the platform's, to the address, with the link; only the link's hash is stored.
        var token = await InvitationTokenAsync(h, "new.desk@acme.example");
        Assert.False(await h.App.DbAsync(db => db.StaffInvitations.AcrossTenants().AnyAsync(i => i.TokenHash.Contains(token))));

        using var invitee = NewBrowser(h);
        var preview = (await invitee.GetFromJsonAsync<InvitationPreview>($"/api/console/auth/invitations/{token}", ApiJson.Options, Ct))!;
        Assert.Equal(("new.desk@acme.example", "acme tint", StaffRole.FrontDesk), (preview.Email, preview.ShopName, preview.Role));
        Assert.Single(preview.LocationNames);

        // Weak passwords are refused in words, and nothing is made.
        foreach (var weak in new[] { "password1234", "dragon2024!!", "new.desk is me 1", "short" })
        {
            var refused = await invitee.PostAsJsonAsync("/api/console/auth/accept-invitation", new { token, password = weak, displayName = "Nia" }, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("password", out _), weak);
        }
        Assert.False(await h.App.DbAsync(db => db.Users.AcrossTenants().AnyAsync(u => u.Email == "new.desk@acme.example")));

        var accepted = await invitee.PostAsJsonAsync("/api/console/auth/accept-invitation",
            new { token, password = "tinted windows at dawn", displayName = "  Nia Reyes " }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        var me = await invitee.GetFromJsonAsync<JsonElement>("/api/console/me", Ct);
        Assert.Equal(("front_desk", "Nia Reyes"), (me.GetProperty("role").GetString(), me.GetProperty("displayName").GetString()));
        Assert.Equal([world.Own.Location], me.GetProperty("locationIds").EnumerateArray().Select(e => e.GetGuid()));
        Assert.Equal(HttpStatusCode.NotFound, (await invitee.GetAsync($"/api/console/leads/{world.OtherLocation.Lead}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await invitee.GetAsync($"/api/console/leads/{world.Own.Lead}", Ct)).StatusCode);
        // They sign in again with it, like anyone.
        using var again = await h.Messaging.StaffClientAsync("new.desk@acme.example", "tinted windows at dawn");

        // The link is spent: used, in words; the manager's list no longer shows it waiting.
        Assert.Equal("invitation_used", await CodeAsync(await NewBrowser(h).GetAsync($"/api/console/auth/invitations/{token}", Ct), 410));
        Assert.Equal("invitation_used", await CodeAsync(await NewBrowser(h).PostAsJsonAsync("/api/console/auth/accept-invitation",
            new { token, password = "another fine passphrase", displayName = "Mallory" }, Ct), 410));
        Assert.DoesNotContain((await manager.GetFromJsonAsync<UserEndpoints.UserList>("/api/console/users", ApiJson.Options, Ct))!.Invitations, i => i.Id == invited.Id);

        // The audit log has the invitation sent (by the manager) and accepted (by the new colleague), and the account made.
        var newId = await h.App.DbAsync(db => db.Users.AcrossTenants().Where(u => u.Email == "new.desk@acme.example").Select(u => u.Id).SingleAsync());
        var rows = await h.App.DbAsync(db => db.AuditLog.AcrossTenants().AsNoTracking().Where(a => a.SubjectId == invited.Id || a.SubjectId == newId).ToListAsync());
        Assert.Contains(rows, r => r.Action == AuditActions.InvitationSent && r.ActorType == AuditActorType.Staff && r.ActorId != newId);
        Assert.Contains(rows, r => r.Action == AuditActions.InvitationAccepted && r.ActorId == newId);
        Assert.Contains(rows, r => r.Action == AuditActions.UserCreated && r.ActorId == newId);
        Assert.DoesNotContain(rows, r => r.Details != null && r.Details.Contains(token, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task BadInvitations_AreRefusedInWords_AndChangeNothing(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var world = await ScopedTenant.SeedAsync(h);
        using var manager = await h.Messaging.StaffClientAsync();
        using var desk = await h.Messaging.StaffClientAsync(ScopedTenant.DeskEmail, ScopedTenant.DeskPassword);
        var before = await h.App.DbAsync(db => db.StaffInvitations.AcrossTenants().CountAsync());

        async Task<(int Status, string? Code)> InviteAsync(HttpClient client, object body)
        {
            using var response = await client.PostAsJsonAsync("/api/console/users/invitations", body, Ct);
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            return ((int)response.StatusCode, json.TryGetProperty("code", out var c) ? c.GetString() : null);
        }
        Assert.Equal((400, "invalid"), await InviteAsync(manager, new { email = "not an address", role = "front_desk", locationIds = new[] { world.Own.Location } }));
        Assert.Equal((400, "invalid"), await InviteAsync(manager, new { email = "x@acme.example", role = "front_desk", locationIds = Array.Empty<Guid>() }));
        Assert.Equal((400, "invalid"), await InviteAsync(manager, new { email = "x@acme.example", role = "front_desk", locationIds = new[] { world.OtherLocation.Location } }));
        Assert.Equal((400, "invalid"), await InviteAsync(manager, new { email = "x@acme.example", role = "front_desk", locationIds = new[] { world.OtherTenant.Location } }));
        Assert.Equal((403, "owner_only"), await InviteAsync(manager, new { email = "x@acme.example", role = "owner" }));
        Assert.Equal((409, "already_a_colleague"), await InviteAsync(manager, new { email = ScopedTenant.DeskEmail, role = "manager", locationIds = new[] { world.Own.Location } }));
        Assert.Equal((409, "already_a_colleague"), await InviteAsync(manager, new { email = "DESK@other.example", role = "front_desk", locationIds = new[] { world.Own.Location } }));
        Assert.Equal(403, (await InviteAsync(desk, new { email = "x@acme.example", role = "front_desk", locationIds = new[] { world.Own.Location } })).Status);
        Assert.Equal(before, await h.App.DbAsync(db => db.StaffInvitations.AcrossTenants().CountAsync()));
        Assert.Equal("invitation_not_found", await CodeAsync(await NewBrowser(h).GetAsync("/api/console/auth/invitations/no-such-link", Ct), 404));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task ALink_EndsAfterAWeek_ANewOneReplacesIt_AndAWithdrawnOneSaysSo(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var world = await ScopedTenant.SeedAsync(h);
        using var owner = await h.Messaging.StaffClientAsync(ScopedTenant.OwnerEmail, ScopedTenant.OwnerPassword);
        using var manager = await h.Messaging.StaffClientAsync();

        var invited = await SendAsync<InvitationView>(owner, HttpMethod.Post, "/api/console/users/invitations",
            new { email = "late@acme.example", role = "manager", locationIds = new[] { world.OtherLocation.Location } }, HttpStatusCode.Created);
        var first = await InvitationTokenAsync(h, "late@acme.example");
        h.App.Time.Advance(StaffInvitation.Lifetime + TimeSpan.FromMinutes(1));
        using var ownerNow = await h.Messaging.StaffClientAsync(ScopedTenant.OwnerEmail, ScopedTenant.OwnerPassword); // a week later: signed in again
        using var managerNow = await h.Messaging.StaffClientAsync();
        Assert.Equal("invitation_expired", await CodeAsync(await NewBrowser(h).GetAsync($"/api/console/auth/invitations/{first}", Ct), 410));
        Assert.True((await ownerNow.GetFromJsonAsync<UserEndpoints.UserList>("/api/console/users", ApiJson.Options, Ct))!.Invitations.Single(i => i.Id == invited.Id).Expired);
        // Of A2: not the A1 manager's to see or send again.
        Assert.DoesNotContain((await managerNow.GetFromJsonAsync<UserEndpoints.UserList>("/api/console/users", ApiJson.Options, Ct))!.Invitations, i => i.Id == invited.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await managerNow.PostAsync($"/api/console/users/invitations/{invited.Id}/resend", null, Ct)).StatusCode);

        h.App.Time.Advance(TimeSpan.FromMinutes(1)); // a new link, sent a little later
        var resent = await SendAsync<InvitationView>(ownerNow, HttpMethod.Post, $"/api/console/users/invitations/{invited.Id}/resend", null, HttpStatusCode.OK);
        Assert.False(resent.Expired);
        var second = await InvitationTokenAsync(h, "late@acme.example");
        Assert.NotEqual(first, second);
        Assert.Equal("invitation_not_found", await CodeAsync(await NewBrowser(h).GetAsync($"/api/console/auth/invitations/{first}", Ct), 404));
        Assert.Equal(HttpStatusCode.OK, (await NewBrowser(h).GetAsync($"/api/console/auth/invitations/{second}", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await ownerNow.DeleteAsync($"/api/console/users/invitations/{invited.Id}", Ct)).StatusCode);
        Assert.Equal("invitation_revoked", await CodeAsync(await NewBrowser(h).PostAsJsonAsync("/api/console/auth/accept-invitation",
            new { token = second, password = "tinted windows at dawn", displayName = "Late" }, Ct), 410));
        Assert.False(await h.App.DbAsync(db => db.Users.AcrossTenants().AnyAsync(u => u.Email == "late@acme.example")));
        var actions = await h.App.DbAsync(db => db.AuditLog.AcrossTenants().Where(a => a.SubjectId == invited.Id).OrderBy(a => a.At).Select(a => a.Action).ToListAsync());
        Assert.Equal([AuditActions.InvitationSent, AuditActions.InvitationResent, AuditActions.InvitationRevoked], actions);
    }

    /// <summary>The newest invitation email's link token for the address (from the outbox).</summary>
    internal static async Task<string> InvitationTokenAsync(ChatHarness h, string email)
    {
        var body = await h.App.DbAsync(db => db.MessageDeliveries.AcrossTenants().AsNoTracking()
            .Where(d => d.Kind == StaffMail.InvitationKind && d.Recipient == email).OrderByDescending(d => d.CreatedAt).Select(d => d.Body).FirstAsync());
        return LinkToken().Match(body).Groups[1].Value;
    }

    [GeneratedRegex(@"/console/invite/([A-Za-z0-9_-]+)")]
    private static partial Regex LinkToken();

    private static HttpClient NewBrowser(ChatHarness h) =>
        new(new SocketsHttpHandler { CookieContainer = new CookieContainer() }) { BaseAddress = h.App.Client.BaseAddress };

    private static async Task<T> SendAsync<T>(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request, Ct);
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, Ct))!;
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True((int)response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("code").GetString();
    }
}
