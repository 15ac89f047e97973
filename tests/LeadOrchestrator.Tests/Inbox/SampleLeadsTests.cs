using System.Net.Http.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Demo;
using LeadOrchestrator.Tests.Demo;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static LeadOrchestrator.Conversations.ConversationInbox;

namespace LeadOrchestrator.Tests.Inbox;

/// <summary>
/// The run command's console on the first run: the demo shop has five sample customers in different
/// stages, the one waiting for a person first, and none of them sends anything, ever — they are marked
/// as samples, and seeding again adds none.
/// </summary>
public sealed class SampleLeadsTests(PostgresServer postgres) : IAsyncDisposable
{
    private TestApp? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task TheDemoConsole_OpensOnAWorkingDay_OfSampleCustomers_WhoNeverGetAMessage(DatabaseKind kind)
    {
        var app = _app = TestApp.Start(await TestDatabase.CreateAsync(kind, postgres), new FakeTimeProvider(TestApp.DefaultStart),
            new Dictionary<string, string?>(DemoSandboxTests.DemoOn) { ["Demo:SampleLeads"] = "true", ["Demo:StaffPassword"] = "sample-test-password" });
        using var staff = app.CreateClient();
        (await staff.PostAsJsonAsync("/api/console/auth/login", new { email = "owner@tintworld.example", password = "sample-test-password" }, Ct)).EnsureSuccessStatusCode();

        var inbox = (await staff.GetFromJsonAsync<InboxPage>("/api/console/conversations", ApiJson.Options, Ct))!;
        Assert.Equal(["Maria Lopez", "Dev Patel"], inbox.Conversations.Take(2).Select(c => c.Customer));
        Assert.Equal((Waiting.NeedsStaff, Waiting.Unanswered), (inbox.Conversations[0].Waiting, inbox.Conversations[1].Waiting));
        Assert.Equal(6, inbox.Conversations.Count);
        Assert.Equal("es", inbox.Conversations.Single(c => c.Customer == "Rosa Martínez").Language);
        var jordan = inbox.Conversations.Single(c => c.Customer == "Jordan Smith");
        var thread = (await staff.GetFromJsonAsync<ConversationThread>($"/api/console/conversations/{jordan.Id}", ApiJson.Options, Ct))!;
        Assert.False(thread.CanText);
        Assert.Single(await app.DbAsync(db => db.Appointments.AcrossTenants().ToListAsync()));

        // Samples are marked, send nothing, even as time passes; seeding again adds none.
        app.Time.Advance(TimeSpan.FromDays(2));
        Assert.All(await app.DbAsync(db => db.Leads.AcrossTenants().ToListAsync()), l => Assert.True(l.IsSample));
        Assert.Empty(await app.DbAsync(db => db.MessageDeliveries.AcrossTenants().ToListAsync()));
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(Ct);
        Assert.Equal(6, await app.DbAsync(db => db.Leads.AcrossTenants().CountAsync()));
    }
}
