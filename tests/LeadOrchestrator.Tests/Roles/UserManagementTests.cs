using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static LeadOrchestrator.Staff.UserEndpoints;

namespace LeadOrchestrator.Tests.Roles;

/// <summary>
/// Managers and owners manage colleagues: a manager only those of their own locations and only with their
/// locations; a new role or a deactivation ends the colleague's sessions at once, a new location holds at their
/// next request; nobody changes their own account (so the shop keeps the owner who could).
/// </summary>
public sealed class UserManagementTests(PostgresServer postgres) : IAsyncDisposable
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
    public async Task AManager_ManagesTheirLocationsColleagues_AndChangesTakeEffectAtOnce(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var world = await ScopedTenant.SeedAsync(h);
        var (own, other) = (world.Own, world.OtherLocation);
        using var manager = await h.Messaging.StaffClientAsync();
        using var owner = await h.Messaging.StaffClientAsync(ScopedTenant.OwnerEmail, ScopedTenant.OwnerPassword);
        var managerId = await h.App.DbAsync(db => db.Users.AcrossTenants().Where(u => u.Email == MessagingHarness.StaffEmail).Select(u => u.Id).SingleAsync());

        // The manager's list: colleagues of A1 and the owner; the owner's: everyone of the tenant, no other tenant's.
        var listed = (await manager.GetFromJsonAsync<UserList>("/api/console/users", ApiJson.Options, Ct))!.Users;
        Assert.Contains(listed, u => u.Id == own.User && u.Role == StaffRole.FrontDesk && u.LocationIds.SequenceEqual([own.Location]));
        Assert.Contains(listed, u => u.Id == world.OwnerId && u.LocationIds.Count == 0);
        Assert.DoesNotContain(listed, u => u.Id == other.User);
        var all = (await owner.GetFromJsonAsync<UserList>("/api/console/users", ApiJson.Options, Ct))!.Users;
        Assert.Contains(all, u => u.Id == other.User);
        Assert.DoesNotContain(all, u => u.Id == world.OtherTenant.User);

        // A1's desk is given A2 by the owner: now out of the manager's reach (403), and in the desk's view at its next request.
        using var desk2 = await h.Messaging.StaffClientAsync("desk2@acme.example", "a colleague's password");
        Assert.Equal(HttpStatusCode.NotFound, (await desk2.GetAsync($"/api/console/leads/{other.Lead}", Ct)).StatusCode);
        var moved = await SendAsync<UserView>(owner, HttpMethod.Put, $"/api/console/users/{own.User}", new { locationIds = new[] { own.Location, other.Location } });
        Assert.Equal(new[] { own.Location, other.Location }.Order(), moved.LocationIds);
        Assert.Equal(HttpStatusCode.OK, (await desk2.GetAsync($"/api/console/leads/{other.Lead}", Ct)).StatusCode);
        Assert.Equal("not_your_colleague", await CodeAsync(await manager.PutAsJsonAsync($"/api/console/users/{own.User}", new { locationIds = new[] { own.Location } }, Ct), 403));
        await SendAsync<UserView>(owner, HttpMethod.Put, $"/api/console/users/{own.User}", new { locationIds = new[] { own.Location } });

        // A manager gives only their own locations, no owner role, and not to themselves; the owner's account is not theirs.
        Assert.Equal("invalid", await CodeAsync(await manager.PutAsJsonAsync($"/api/console/users/{own.User}", new { locationIds = new[] { other.Location } }, Ct), 400));
        Assert.Equal("invalid", await CodeAsync(await manager.PutAsJsonAsync($"/api/console/users/{own.User}", new { locationIds = Array.Empty<Guid>() }, Ct), 400));
        Assert.Equal("owner_only", await CodeAsync(await manager.PutAsJsonAsync($"/api/console/users/{own.User}", new { role = "owner" }, Ct), 403));
        Assert.Equal("not_yourself", await CodeAsync(await manager.PostAsync($"/api/console/users/{managerId}/deactivate", null, Ct), 403));
        Assert.Equal("not_your_colleague", await CodeAsync(await manager.PostAsync($"/api/console/users/{world.OwnerId}/deactivate", null, Ct), 403));
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.PutAsJsonAsync($"/api/console/users/{own.User}", new { role = "janitor" }, Ct)).StatusCode);
        Assert.Equal([own.Location], await LocationsAsync(h, own.User));

        // A new role ends the colleague's sessions at once (a manager now, they sign in again to be one).
        var promoted = await SendAsync<UserView>(manager, HttpMethod.Put, $"/api/console/users/{own.User}", new { role = "manager" });
        Assert.Equal(StaffRole.Manager, promoted.Role);
        Assert.Equal(HttpStatusCode.Unauthorized, (await desk2.GetAsync("/api/console/me", Ct)).StatusCode);
        using var again = await h.Messaging.StaffClientAsync("desk2@acme.example", "a colleague's password");
        Assert.Equal("manager", (await again.GetFromJsonAsync<JsonElement>("/api/console/me", Ct)).GetProperty("role").GetString());

        // Deactivated: their session ends and they cannot sign in; reactivated, they can.
        var off = await SendAsync<UserView>(manager, HttpMethod.Post, $"/api/console/users/{own.User}/deactivate");
        Assert.NotNull(off.DeactivatedAt);
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.GetAsync("/api/console/me", Ct)).StatusCode);
        var login = await h.App.CreateClient().PostAsJsonAsync("/api/console/auth/login", new { email = "desk2@acme.example", password = "a colleague's password" }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Null((await SendAsync<UserView>(manager, HttpMethod.Post, $"/api/console/users/{own.User}/reactivate")).DeactivatedAt);
        using var back = await h.Messaging.StaffClientAsync("desk2@acme.example", "a colleague's password");

        // Nobody switches themselves off or changes their own role, so a shop always keeps the owner who could.
        Assert.Equal("not_yourself", await CodeAsync(await owner.PostAsync($"/api/console/users/{world.OwnerId}/deactivate", null, Ct), 403));
        Assert.Equal("not_yourself", await CodeAsync(await owner.PutAsJsonAsync($"/api/console/users/{world.OwnerId}", new { role = "manager", locationIds = new[] { own.Location } }, Ct), 403));
        // An owner makes the manager an owner: every location, none listed; the manager's session ends with the old role.
        var made = await SendAsync<UserView>(owner, HttpMethod.Put, $"/api/console/users/{managerId}", new { role = "owner" });
        Assert.Equal((StaffRole.Owner, 0), (made.Role, made.LocationIds.Count));
        Assert.Equal(HttpStatusCode.Unauthorized, (await manager.GetAsync("/api/console/me", Ct)).StatusCode);

        // Another tenant's colleague is not found.
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsync($"/api/console/users/{world.OtherTenant.User}/deactivate", null, Ct)).StatusCode);
        Assert.Null((await h.App.DbAsync(db => db.Users.AcrossTenants().SingleAsync(u => u.Id == world.OtherTenant.User))).DeactivatedAt);
    }

    /// <summary>
    /// A manager of every location reads the tenant unscoped (a franchise's regional manager: no 200-way location list in
    /// every query) — every location's rows — and still manages no owner: that is by role, not by scope.
    /// </summary>
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task AManagerOfEveryLocation_SeesThemAll_AndStillManagesNoOwner(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var world = await ScopedTenant.SeedAsync(h);
        using var owner = await h.Messaging.StaffClientAsync(ScopedTenant.OwnerEmail, ScopedTenant.OwnerPassword);
        var managerId = await h.App.DbAsync(db => db.Users.AcrossTenants().Where(u => u.Email == MessagingHarness.StaffEmail).Select(u => u.Id).SingleAsync());
        await SendAsync<UserView>(owner, HttpMethod.Put, $"/api/console/users/{managerId}", new { locationIds = new[] { world.Own.Location, world.OtherLocation.Location } });
        using var regional = await h.Messaging.StaffClientAsync();

        Assert.Equal(HttpStatusCode.OK, (await regional.GetAsync($"/api/console/leads/{world.OtherLocation.Lead}", Ct)).StatusCode);
        Assert.Null((await regional.GetFromJsonAsync<JsonElement>("/api/console/me", Ct)).GetProperty("locationIds").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await regional.GetAsync($"/api/console/leads/{world.OtherTenant.Lead}", Ct)).StatusCode);
        Assert.Equal("not_your_colleague", await CodeAsync(await regional.PostAsync($"/api/console/users/{world.OwnerId}/deactivate", null, Ct), 403));
        Assert.Null((await h.App.DbAsync(db => db.Users.AcrossTenants().SingleAsync(u => u.Id == world.OwnerId))).DeactivatedAt);

        // A third location opens: until they are given it, they are scoped to the two again and do not see its rows.
        var third = await h.App.DbAsync(async db =>
        {
            var location = new LeadOrchestrator.Tenants.Location
            {
                Id = Guid.NewGuid(), TenantId = h.Messaging.TenantId, Name = "acme Round Rock", TimeZone = "America/Chicago", Address1 = "3 Main St",
                City = "Round Rock", State = "TX", PostalCode = "78664", Phone = "+15125550144", ShopMonkeyLocationId = "loc-3", CreatedAt = h.App.Time.GetUtcNow(),
            };
            db.Locations.Add(location);
            await db.SaveChangesAsync();
            return location.Id;
        });
        Assert.Equal(2, (await regional.GetFromJsonAsync<JsonElement>("/api/console/me", Ct)).GetProperty("locationIds").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await regional.GetAsync($"/api/console/leads/{world.OtherLocation.Lead}", Ct)).StatusCode);
        Assert.NotEqual(Guid.Empty, third);
    }

    private static Task<List<Guid>> LocationsAsync(ChatHarness h, Guid userId) =>
        h.App.DbAsync(db => db.StaffLocations.AcrossTenants().Where(l => l.UserId == userId).Select(l => l.LocationId).ToListAsync());

    private static async Task<T> SendAsync<T>(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request, Ct);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, Ct))!;
    }

    /// <summary>The refusal's code, after checking its status.</summary>
    private static async Task<string?> CodeAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True((int)response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("code").GetString();
    }
}
