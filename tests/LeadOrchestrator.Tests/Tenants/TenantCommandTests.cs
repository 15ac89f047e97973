using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Audit;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tenants;
using LeadOrchestrator.Tests.Infrastructure;
using LeadOrchestrator.Tests.Roles;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.Tenants;

/// <summary>
/// The operator puts a new shop on the platform with one command: the tenant and its owner's invitation, the link
/// printed and emailed (the outbox here); the owner accepts it and is in their own, empty console. Bad input is said in
/// words with exit code 2 and makes nothing.
/// </summary>
public sealed class TenantCommandTests(PostgresServer postgres) : IAsyncDisposable
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
    public async Task TenantsCreate_MakesTheTenantAndInvitesItsOwner_WhoAcceptsAndSignsIn(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var (code, output, errors) = await RunAsync(h, "create", "--slug", "shine-tint", "--name", "Shine Tint Franchise", "--owner-email", "Owner@Shine.example");
        Assert.True(code == 0, errors);
        var token = await InvitationTests.InvitationTokenAsync(h, "owner@shine.example");
        Assert.Contains($"/console/invite/{token}", output);

        var tenant = await h.App.DbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Slug == "shine-tint"));
        Assert.Equal("Shine Tint Franchise", tenant.Name);
        var sent = await h.App.DbAsync(db => db.AuditLog.AcrossTenants().AsNoTracking().SingleAsync(a => a.TenantId == tenant.Id && a.Action == AuditActions.InvitationSent));
        Assert.Equal(AuditActorType.Operator, sent.ActorType);

        using var owner = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer() }) { BaseAddress = h.App.Client.BaseAddress };
        var preview = await owner.GetFromJsonAsync<JsonElement>($"/api/console/auth/invitations/{token}", Ct);
        Assert.Equal(("Shine Tint Franchise", "owner"), (preview.GetProperty("shopName").GetString(), preview.GetProperty("role").GetString()));
        var accepted = await owner.PostAsJsonAsync("/api/console/auth/accept-invitation", new { token, password = "shine bright like tint", displayName = "Dana Shine" }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        var me = await owner.GetFromJsonAsync<JsonElement>("/api/console/me", Ct);
        Assert.Equal(("owner", tenant.Id), (me.GetProperty("role").GetString(), me.GetProperty("tenantId").GetGuid()));
        // Their own console: no other tenant's leads or locations.
        Assert.Equal(0, (await owner.GetFromJsonAsync<JsonElement>("/api/console/leads", Ct)).GetProperty("items").GetArrayLength());
        Assert.Equal(0, (await owner.GetFromJsonAsync<JsonElement>("/api/console/locations", Ct)).GetProperty("locations").GetArrayLength());

        var (listed, list, _) = await RunAsync(h, "list");
        Assert.Equal(0, listed);
        Assert.Contains("shine-tint  Shine Tint Franchise", list);
        Assert.Contains("1 owner(s), 0 colleague(s), 0 invitation(s) waiting", list);
        Assert.Contains("ShopMonkey: not connected", list);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    public async Task BadInput_IsSaidInWords_AndMakesNothing(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var before = await h.App.DbAsync(db => db.Tenants.CountAsync());
        var taken = await h.App.DbAsync(db => db.Tenants.Select(t => t.Slug).FirstAsync());
        foreach (var args in new[]
        {
            new[] { "create", "--slug", taken, "--name", "Again", "--owner-email", "new@owner.example" },
            ["create", "--slug", "Not A Slug!", "--name", "Shop", "--owner-email", "new@owner.example"],
            ["create", "--slug", "fine-slug", "--name", "Shop", "--owner-email", "not-an-address"],
            ["create", "--slug", "fine-slug", "--name", "Shop", "--owner-email", MessagingHarness.StaffEmail],
            ["create", "--slug", "fine-slug", "--owner-email", "new@owner.example"],
            ["rename"],
        })
        {
            var (code, _, errors) = await RunAsync(h, args);
            Assert.Equal(TenantCommands.Refused, code);
            Assert.False(string.IsNullOrWhiteSpace(errors));
        }
        Assert.Equal(before, await h.App.DbAsync(db => db.Tenants.CountAsync()));
        Assert.False(await h.App.DbAsync(db => db.StaffInvitations.AcrossTenants().AnyAsync()));
    }

    private static async Task<(int Code, string Output, string Errors)> RunAsync(ChatHarness h, params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = await TenantCommands.RunAsync(h.App.Services, args, output, errors);
        return (code, output.ToString(), errors.ToString());
    }
}
