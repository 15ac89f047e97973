using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LeadOrchestrator.Audit;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Common;
using LeadOrchestrator.Customers;
using LeadOrchestrator.Data;
using LeadOrchestrator.Intake;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace LeadOrchestrator.Tests.Tenants;

/// <summary>
/// A customer's data requests: an owner exports everything held about a phone number as JSON, then erases it — and
/// afterwards no column of any table in the model holds the customer's name, number, address or words, ShopMonkey's
/// later update of their order brings nothing back, their chat link opens nothing, and their opt-out, kept hashed,
/// still stops a new estimate's texts. Another customer is untouched. The retention setting redacts old bodies.
/// </summary>
public sealed partial class CustomerDataTests(PostgresServer postgres) : IAsyncDisposable
{
    private MessagingHarness? _h;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_h is not null)
            await _h.DisposeAsync();
    }

    private const string Phone = "(512) 555-0123";
    private const string Email = "zebulon.q@example.com";

    /// <summary>What names the customer, however stored (the number with or without +1).</summary>
    private static readonly string[] Identifying = ["Zebulon", "5125550123", Email, "xylophone", "quokka", "wombat"];

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task AnErasedCustomer_IsInNoColumnOfAnyTable_AndIsNeverTextedAgain(DatabaseKind kind)
    {
        var h = _h = await MessagingHarness.StartAsync(kind, postgres);
        await h.AddStaffAsync("owner@acme.example", "owner password 123", StaffRole.Owner);
        using var owner = await h.StaffClientAsync("owner@acme.example", "owner password 123");

        // The customer: an estimate, the first text and email, their reply, a colleague's note and text, then STOP.
        var zeb = await h.CreateLeadAsync(Phone, Email, firstName: "Zebulon");
        await h.App.EventuallyAsync(async () => (await h.TouchesAsync(zeb.Id)).Take(2).All(t => t.Status is TouchPointStatus.Sent), advance: TimeSpan.FromSeconds(1));
        var chatLink = ChatLink().Match((await h.DeliveriesAsync(zeb.Id)).First(d => d.Channel == Channel.Sms).Body).Value;
        Assert.Equal(HttpStatusCode.OK, (await h.App.Client.GetAsync(chatLink, Ct)).StatusCode);
        (await h.TextTheShopAsync("+15125550123", "hi, does the xylophone price include the rear window?")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/console/leads/{zeb.Id}/notes", new { body = "Zebulon prefers mornings (quokka)" }, Ct)).StatusCode);
        var sent = await owner.PostAsJsonAsync($"/api/console/leads/{zeb.Id}/messages", new { body = "Hi Zebulon, the wombat special is on", channel = "sms", confirmOutsideSmsWindow = true }, Ct);
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync(Ct));
        (await h.TextTheShopAsync("+15125550123", "STOP")).EnsureSuccessStatusCode();
        var tim = await h.CreateLeadAsync();
        // Another shop's customer with the same number and name: theirs, not this shop's to erase.
        var foreign = await h.ForeignLeadAsync();
        await h.App.DbAsync(db => db.Leads.AcrossTenants().Where(l => l.Id == foreign)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.Phone, "+15125550123").SetProperty(l => l.FirstName, "Zebulon")));

        // Bad requests change nothing.
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync("/api/console/customers/erase", new { phone = Phone, email = Email }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync("/api/console/customers/erase", new { phone = "call me" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync("/api/console/customers/erase", new { }, Ct)).StatusCode);
        var nobody = await owner.PostAsJsonAsync("/api/console/customers/erase", new { phone = "(512) 555-0999" }, Ct);
        Assert.Equal(0, (await nobody.Content.ReadFromJsonAsync<CustomerData.Erasure>(ApiJson.Options, Ct))!.Leads);
        Assert.Equal("Zebulon", (await h.LeadAsync(zeb.Id)).FirstName);

        // The export: every table that names them, with their words.
        var exported = await owner.PostAsJsonAsync("/api/console/customers/export", new { phone = "512-555-0123" }, Ct);
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        var export = await exported.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var tables = export.GetProperty("tables");
        Assert.All(new[] { "leads", "touch_points", "message_deliveries", "contact_consents", "chat_sessions", "chat_messages", "conversation_notes", "inbound_events" },
            t => Assert.True(tables.TryGetProperty(t, out var rows) && rows.GetArrayLength() > 0, t));
        Assert.Contains("xylophone", tables.GetProperty("chat_messages").GetRawText(), StringComparison.Ordinal);
        Assert.Contains("quokka", tables.GetProperty("conversation_notes").GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Tim", tables.GetProperty("leads").GetRawText(), StringComparison.Ordinal);

        // The same scan sees them now, in each of the places they are held.
        var before = await h.App.DbAsync(db => FindAsync(db, h.TenantId, Identifying));
        Assert.All(new[] { "leads.", "chat_messages.", "conversation_notes.", "message_deliveries.", "contact_consents." },
            t => Assert.Contains(before, f => f.StartsWith(t, StringComparison.Ordinal)));

        var erased = await owner.PostAsJsonAsync("/api/console/customers/erase", new { phone = Phone }, Ct);
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var erasure = (await erased.Content.ReadFromJsonAsync<CustomerData.Erasure>(ApiJson.Options, Ct))!;
        Assert.Equal(1, erasure.Leads);

        // Table by table, column by column, from the model: nothing names them.
        var found = await h.App.DbAsync(db => FindAsync(db, h.TenantId, Identifying));
        Assert.True(found.Count == 0, "still held: " + string.Join("; ", found));
        Assert.Equal(("Zebulon", "+15125550123"), ((await h.LeadAsync(foreign)).FirstName, (await h.LeadAsync(foreign)).Phone));
        var lead = await h.LeadAsync(zeb.Id);
        Assert.Equal((zeb.ShopMonkeyOrderId, CadenceStatus.Stopped), (lead.ShopMonkeyOrderId, lead.CadenceStatus));
        Assert.NotNull(lead.ErasedAt);
        Assert.Equal(("Tim", "+15125550187"), ((await h.LeadAsync(tim.Id)).FirstName, (await h.LeadAsync(tim.Id)).Phone));
        Assert.Equal(HttpStatusCode.NotFound, (await h.App.Client.GetAsync(chatLink, Ct)).StatusCode);
        // Staff see why the lead has no name.
        var page = await owner.GetFromJsonAsync<JsonElement>($"/api/console/leads/{zeb.Id}", Ct);
        Assert.Equal(JsonValueKind.String, page.GetProperty("customer").GetProperty("erasedAt").ValueKind);
        Assert.True(page.GetProperty("lead").GetProperty("erased").GetBoolean());
        var actions = await h.App.DbAsync(db => db.AuditLog.AcrossTenants().Where(a => a.TenantId == h.TenantId).Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.CustomerExported, actions);
        Assert.Contains(AuditActions.CustomerErased, actions);

        // ShopMonkey updates the order: the customer's data does not come back.
        var update = h.Intake.ShopMonkey.PutOrder(zeb.ShopMonkeyOrderId, h.App.Time.GetUtcNow().AddMinutes(5), customerId: "cust-0001");
        await h.Intake.PostWebhookAsync(FakeShopMonkey.WebhookBody(update));
        await h.App.EventuallyAsync(async () => (await h.Intake.EventsAsync()).Last().Status != InboundEventStatus.Pending, advance: TimeSpan.FromSeconds(1));
        Assert.Null((await h.LeadAsync(zeb.Id)).FirstName);

        // A new estimate for them: a new lead, but their opt-out (kept hashed) stops its text and email.
        var again = await h.CreateLeadAsync(Phone, Email, firstName: "Zebulon");
        await h.App.EventuallyAsync(async () => (await h.TouchesAsync(again.Id)).Take(2).All(t => t is { Status: TouchPointStatus.Cancelled, CancelReason: StopReasons.OptedOut }),
            advance: TimeSpan.FromSeconds(1));
        Assert.Empty(await h.DeliveriesAsync(again.Id));
        Assert.All(await h.App.DbAsync(db => db.ContactConsents.AcrossTenants().Where(c => c.Source == ConsentSources.Erasure).ToListAsync()),
            c => Assert.StartsWith(AddressHasher.Prefix, c.Address, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    public async Task TheRetentionSetting_RedactsOldMessageBodies_AndKeepsTheRows(DatabaseKind kind)
    {
        var h = _h = await MessagingHarness.StartAsync(kind, postgres);
        await h.AddStaffAsync("owner@acme.example", "owner password 123", StaffRole.Owner);
        using var owner = await h.StaffClientAsync("owner@acme.example", "owner password 123");
        var lead = await h.ContactedLeadAsync();
        (await h.TextTheShopAsync("+15125550187", "is the rear window included?")).EnsureSuccessStatusCode();
        var old = await h.DeliveriesAsync(lead.Id);

        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PutAsJsonAsync("/api/console/customers/retention", new { months = 0 }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync("/api/console/customers/retention", new { months = 1 }, Ct)).StatusCode);
        Assert.Equal(1, (await owner.GetFromJsonAsync<CustomerDataEndpoints.Retention>("/api/console/customers/retention", ApiJson.Options, Ct))!.Months);

        h.App.Time.Advance(TimeSpan.FromDays(32));
        await h.App.EventuallyAsync(async () => await h.App.DbAsync(db => db.ChatMessages.AcrossTenants().Where(m => m.LeadId == lead.Id)
            .AllAsync(m => m.Content == MessageRetention.Redacted)), advance: TimeSpan.FromMinutes(1));
        var after = await h.App.DbAsync(db => db.MessageDeliveries.AcrossTenants().AsNoTracking().Where(d => old.Select(o => o.Id).Contains(d.Id)).ToListAsync());
        Assert.Equal(old.Count, after.Count);
        Assert.All(after, d => Assert.Equal((MessageRetention.Redacted, null), (d.Body, d.BodyHtml)));
        Assert.Equal(old.OrderBy(d => d.Id).Select(d => d.Recipient), after.OrderBy(d => d.Id).Select(d => d.Recipient));
        var actions = await h.App.DbAsync(db => db.AuditLog.AcrossTenants().Where(a => a.TenantId == h.TenantId).Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.RetentionChanged, actions);
        Assert.Contains(AuditActions.RetentionApplied, actions);
    }

    /// <summary>
    /// Every text column of every table in the model that holds one of <paramref name="needles"/>, as "table.column": the
    /// tenant's rows of a tenant's table, every row of the others.
    /// </summary>
    private static async Task<List<string>> FindAsync(AppDbContext db, Guid tenantId, string[] needles)
    {
        var found = new List<string>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null))
        {
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var tenantColumn = entity.FindProperty("TenantId")?.GetColumnName(table);
            foreach (var column in entity.GetProperties().Where(p => p.ClrType == typeof(string)).Select(p => p.GetColumnName(table)).OfType<string>())
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT \"{column}\" FROM \"{table.Name}\"" + (tenantColumn is null ? "" : $" WHERE \"{tenantColumn}\" = @tenant");
                if (tenantColumn is not null)
                {
                    var p = command.CreateParameter();
                    // EF stores a GUID as upper-case text on SQLite, as uuid on PostgreSQL.
                    (p.ParameterName, p.Value) = ("@tenant", db.Database.IsSqlite() ? tenantId.ToString().ToUpperInvariant() : tenantId);
                    command.Parameters.Add(p);
                }
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    if (reader.IsDBNull(0))
                        continue;
                    var value = reader.GetString(0);
                    if (needles.FirstOrDefault(n => value.Contains(n, StringComparison.OrdinalIgnoreCase)) is { } needle)
                        found.Add($"{table.Name}.{column} ({needle}): {value[..Math.Min(value.Length, 120)]}");
                }
            }
        }
        return found;
    }

    [GeneratedRegex(@"/c/[A-Za-z0-9_-]{44}")]
    private static partial Regex ChatLink();
}
