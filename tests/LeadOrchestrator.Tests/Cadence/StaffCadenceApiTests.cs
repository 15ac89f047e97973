using System.Net;
using System.Net.Http.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Tests.Infrastructure;

namespace LeadOrchestrator.Tests.Cadence;

/// <summary>Staff pause, resume and stop a lead's cadence; signed in, and only for their own tenant.</summary>
public abstract class StaffCadenceApiTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    private MessagingHarness H { get; set; } = null!;

    public async ValueTask InitializeAsync() => H = await MessagingHarness.StartAsync(kind, postgres);

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task SignIn_WithWrongPassword_Is401_AndTheApiNeedsASession()
    {
        var wrong = await H.App.Client.PostAsJsonAsync("/api/console/auth/login", new { email = MessagingHarness.StaffEmail, password = "nope" }, TestContext.Current.CancellationToken);
        var unknown = await H.App.Client.PostAsJsonAsync("/api/console/auth/login", new { email = "nobody@example.com", password = "nope" }, TestContext.Current.CancellationToken);
        var anonymous = await H.App.Client.PostAsync($"/api/console/leads/{Guid.NewGuid()}/cadence/stop", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var wrongProblem = await wrong.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>(ApiJson.Options, TestContext.Current.CancellationToken);
        var unknownProblem = await unknown.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>(ApiJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal((HttpStatusCode.Unauthorized, wrongProblem!.Detail), (unknown.StatusCode, unknownProblem!.Detail)); // no hint which one was wrong
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var staff = await H.StaffClientAsync();
        var me = await staff.GetFromJsonAsync<Staff.StaffEndpoints.StaffProfile>("/api/console/me", ApiJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal((MessagingHarness.StaffEmail, H.TenantId, LeadOrchestrator.Staff.StaffRole.Manager), (me!.Email, me.TenantId, me.Role));
    }

    [Fact]
    public async Task Pause_HoldsEveryTouch_Resume_ShiftsThemByThePause_Stop_CancelsTheRest()
    {
        var lead = await H.CreateLeadAsync();
        await H.App.EventuallyAsync(async () => await Task.FromResult(H.Twilio.Accepted.Count == 1 && H.SendGrid.Sent.Count == 1));
        await H.SettledAsync(lead.Id);
        var staff = await H.StaffClientAsync();
        var before = (await H.TouchesAsync(lead.Id)).Single(t => t.StepNumber == 3);

        var paused = await staff.PostAsync($"/api/console/leads/{lead.Id}/cadence/pause", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        var view = await paused.Content.ReadFromJsonAsync<CadenceConsoleEndpoints.CadenceView>(ApiJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal(CadenceStatus.Paused, view!.Status);
        Assert.All(view.Touches.Skip(2), t => Assert.Equal(TouchPointStatus.Paused, t.Status));

        H.App.Time.Advance(TimeSpan.FromDays(3)); // steps 3 and 4 would have gone out
        await H.SettledAsync(lead.Id);
        Assert.Single(H.Twilio.Creates);
        // Sessions last 8 hours; three days later the manager signs in again.
        Assert.Equal(HttpStatusCode.Unauthorized, (await staff.GetAsync("/api/console/me", TestContext.Current.CancellationToken)).StatusCode);
        staff.Dispose();
        staff = await H.StaffClientAsync();

        var resume = await staff.PostAsync($"/api/console/leads/{lead.Id}/cadence/resume", null, TestContext.Current.CancellationToken);
        Assert.True(resume.IsSuccessStatusCode, await resume.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var resumed = await resume.Content.ReadFromJsonAsync<CadenceConsoleEndpoints.CadenceView>(ApiJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal(CadenceStatus.Active, resumed!.Status);
        Assert.Equal(before.ScheduledFor + TimeSpan.FromDays(3), resumed.Touches.Single(t => t.Step == 3).ScheduledFor);

        var stopped = await (await staff.PostAsync($"/api/console/leads/{lead.Id}/cadence/stop", null, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<CadenceConsoleEndpoints.CadenceView>(ApiJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal((CadenceStatus.Stopped, StopReasons.StaffStopped), (stopped!.Status, stopped.StopReason));
        Assert.All(stopped.Touches.Skip(2), t => Assert.Equal((TouchPointStatus.Cancelled, StopReasons.StaffStopped), (t.Status, t.CancelReason)));
        var again = await staff.PostAsync($"/api/console/leads/{lead.Id}/cadence/resume", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode); // a stopped cadence stays stopped
        staff.Dispose();

        H.App.Time.Advance(TimeSpan.FromDays(31));
        await H.SettledAsync(lead.Id);
        Assert.Single(H.Twilio.Creates);
    }

    [Fact]
    public async Task AnotherTenantsLead_IsNotFound()
    {
        var foreign = await H.ForeignLeadAsync();
        using var staff = await H.StaffClientAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/console/leads/{foreign}/cadence", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsync($"/api/console/leads/{foreign}/cadence/stop", null, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(CadenceStatus.Active, (await H.LeadAsync(foreign)).CadenceStatus);
    }
}

public sealed class StaffCadenceApiTests_Sqlite(PostgresServer postgres) : StaffCadenceApiTests(DatabaseKind.Sqlite, postgres);

public sealed class StaffCadenceApiTests_Postgres(PostgresServer postgres) : StaffCadenceApiTests(DatabaseKind.Postgres, postgres);
