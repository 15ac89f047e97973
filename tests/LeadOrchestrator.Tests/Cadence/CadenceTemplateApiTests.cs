using System.Net;
using System.Net.Http.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadOrchestrator.Tests.Cadence;

/// <summary>A tenant's own wording and timing for its cadence: managers change it, bad templates are refused.</summary>
public abstract class CadenceTemplateApiTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    private MessagingHarness H { get; set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => H = await MessagingHarness.StartAsync(kind, postgres);

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task DefaultCadence_Is13Touches_AndANewWordingReachesTheNextText()
    {
        using var manager = await H.StaffClientAsync();
        var cadence = await manager.GetFromJsonAsync<CadenceTemplateEndpoints.CadenceTemplateView>("/api/console/cadence", ApiJson.Options, Ct);
        Assert.Equal(13, cadence!.Steps.Count);
        Assert.Equal((Channel.Sms, 0), (cadence.Steps[0].Channel, cadence.Steps[0].OffsetMinutes));
        Assert.Equal(TimeSpan.FromDays(30).TotalMinutes, cadence.Steps[^1].OffsetMinutes);

        var changed = await manager.PutAsJsonAsync("/api/console/cadence/steps/1",
            new { body = "Hi {{ first_name }}, your {{ vehicle }} tint quote is ready: {{ chat_link }}" }, Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        await H.CreateLeadAsync(firstName: "Ana");
        var sms = await H.App.EventuallyAsync(() => Task.FromResult(H.Twilio.Creates.FirstOrDefault()));
        Assert.StartsWith("acme Round Rock: Hi Ana, your ", sms["Body"], StringComparison.Ordinal); // shop name added to a first text
        Assert.Contains("tint quote is ready: http", sms["Body"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, """{"body":"Hi {{ first_name "}""", "body")]
    [InlineData(1, """{"body":""}""", "body")]
    [InlineData(1, """{"body":"ok","subject":"Texts have none"}""", "subject")]
    [InlineData(2, """{"body":"ok","subject":""}""", "subject")]
    [InlineData(3, """{"offsetMinutes":99999}""", "offsetMinutes")]
    [InlineData(3, """{"offsetMinutes":-5}""", "offsetMinutes")]
    public async Task BadChanges_Are400_AndChangeNothing(int step, string json, string field)
    {
        using var manager = await H.StaffClientAsync();
        var before = await manager.GetStringAsync("/api/console/cadence", Ct);

        var response = await manager.PutAsync($"/api/console/cadence/steps/{step}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>(ApiJson.Options, Ct);
        Assert.True(problem!.Errors.ContainsKey(field), string.Join(", ", problem.Errors.Keys));
        Assert.Equal(before, await manager.GetStringAsync("/api/console/cadence", Ct));
    }

    [Theory]
    [InlineData(1, "{% for x in (1..100000000) %}x{% endfor %}", "'for'")]
    [InlineData(1, "{% assign a = chat_link %}{{ a }}", "'assign'")]
    [InlineData(1, "{% capture a %}x{% endcapture %}", "'capture'")]
    [InlineData(1, "{{ chat_link | replace: 'h', 'hhhhhhhhhhhhhhhh' | replace: 'h', 'hhhhhhhhhhhhhhhh' }}", "'replace'")]
    [InlineData(1, "{{ chat_link | escape | escape | escape }}", "'escape'")]
    public async Task TemplatesThatCouldRunLongOrGrowWithoutBound_AreRefusedAtSave(int step, string body, string named)
    {
        using var manager = await H.StaffClientAsync();

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var response = await manager.PutAsJsonAsync($"/api/console/cadence/steps/{step}", new { body }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>(ApiJson.Options, Ct);
        Assert.Contains(named, Assert.Single(problem!.Errors["body"]), StringComparison.Ordinal);
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(10), "refused without running it");
    }

    [Fact]
    public async Task TemplatesThatRenderTooLargeForASampleLead_AreRefusedAtSave()
    {
        using var manager = await H.StaffClientAsync();

        // 1,500 characters of text is 10 segments; the first text's additions make it 11.
        var sms = await manager.PutAsJsonAsync("/api/console/cadence/steps/1", new { body = new string('x', 1500) }, Ct);
        // Each link is 13 characters of template and ~150 of text, twice more as an HTML link.
        var email = await manager.PutAsJsonAsync("/api/console/cadence/steps/2", new { body = string.Concat(Enumerable.Repeat("{{chat_link}}\n", 1400)) }, Ct);

        foreach (var (response, limit) in new[] { (sms, "at most 10"), (email, "at most 256 KB") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>(ApiJson.Options, Ct);
            Assert.Contains(limit, Assert.Single(problem!.Errors["body"]), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.OK, (await manager.PutAsJsonAsync("/api/console/cadence/steps/1", new { body = new string('x', 1300) + " {{ chat_link }}" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task ATemplateStoredBeforeTheRules_FailsItsTouchAtSendTime_InsteadOfRunning()
    {
        using (var manager = await H.StaffClientAsync())
            await manager.GetAsync("/api/console/cadence", Ct); // the tenant's cadence, as the default
        await H.App.DbAsync(async db =>
        {
            await db.CadenceSteps.AcrossTenants().Where(s => s.StepNumber == 1).ExecuteUpdateAsync(u => u.SetProperty(s => s.Body, "{% for x in (1..100000000) %}x{% endfor %}"), Ct);
            await db.CadenceSteps.AcrossTenants().Where(s => s.StepNumber == 2).ExecuteUpdateAsync(u => u.SetProperty(s => s.Body, string.Concat(Enumerable.Repeat("{{chat_link}} {{unsubscribe_link}} ", 2000))), Ct);
        });

        var lead = await H.CreateLeadAsync();

        var touches = await H.App.EventuallyAsync(async () => await H.TouchesAsync(lead.Id) is var all && all.Take(2).All(t => t.Status == TouchPointStatus.Failed) ? all : null);
        Assert.Contains("'for'", touches[0].LastError, StringComparison.Ordinal);
        Assert.StartsWith("too_long: the email would be", touches[1].LastError, StringComparison.Ordinal);
        Assert.Empty(H.Twilio.Creates);
        Assert.Empty(H.SendGrid.Sent);
    }

    [Fact]
    public async Task ThePreview_RendersForASampleCustomer_WithSegments_AndNamesWhatForcesUcs2()
    {
        using var manager = await H.StaffClientAsync();
        var plain = await PreviewAsync(manager, new { channel = "sms", body = "Hi {{ first_name }}, your {{ vehicle }} quote “is ready”: {{ chat_link }}" });
        Assert.StartsWith("Hi Alex, your 2022 Tesla Model 3 quote \"is ready\": http", plain.Text, StringComparison.Ordinal); // curly quotes cleaned as when sent
        Assert.Equal(("GSM-7", 1), (plain.Encoding, plain.Segments));
        Assert.Empty(plain.Ucs2Characters);

        var emoji = await PreviewAsync(manager, new { channel = "sms", body = "Ready when you are 🚗✨ " + new string('x', 80) });
        Assert.Equal(("UCS-2", 2), (emoji.Encoding, emoji.Segments));
        Assert.Equal(["🚗", "✨"], emoji.Ucs2Characters);

        var email = await PreviewAsync(manager, new { channel = "email", subject = "Your {{ service }} quote", body = "Hi {{ first_name }},\n\nsee {{ chat_link }}" });
        Assert.Equal("Your Ceramic Window Tint - Full Sedan quote", email.Subject);
        Assert.Contains("Unsubscribe", email.Text, StringComparison.Ordinal); // the footer a marketing email always gets
        Assert.Contains("<p>Hi Alex,</p>", email.Html, StringComparison.Ordinal);

        var broken = await manager.PostAsJsonAsync("/api/console/cadence/preview", new { channel = "sms", body = "Hi {{ first_name " }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        var problem = await broken.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>(ApiJson.Options, Ct);
        Assert.True(problem!.Errors.ContainsKey("body"));
        using var anonymous = H.App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/console/cadence/preview", new { body = "x" }, Ct)).StatusCode);
    }

    private static async Task<CadenceTemplateEndpoints.Preview> PreviewAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/console/cadence/preview", body, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<CadenceTemplateEndpoints.Preview>(ApiJson.Options, Ct))!;
    }

    [Fact]
    public async Task OnlyManagers_ChangeIt_AndOnlyTheirOwnTenants()
    {
        await H.AddStaffAsync("desk@acme.example", "another long password", StaffRole.FrontDesk);
        using var desk = await H.StaffClientAsync("desk@acme.example", "another long password");
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync("/api/console/cadence", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.PutAsJsonAsync("/api/console/cadence/steps/1", new { body = "hi" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await H.App.Client.GetAsync("/api/console/cadence", Ct)).StatusCode);

        using var manager = await H.StaffClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PutAsJsonAsync("/api/console/cadence/steps/14", new { body = "hi" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.PutAsJsonAsync("/api/console/cadence/steps/13", new { body = "Last one from {{ shop.name }}" }, Ct)).StatusCode);

        // Another tenant's cadence keeps the default wording.
        var (other, _) = await IntakeHarness.SeedTenantAsync(H.App, "other", "other-secret", H.Intake.ShopMonkey.BaseUrl.ToString(), "loc-other");
        var scheduler = H.App.Services.CreateScope();
        scheduler.ServiceProvider.GetRequiredService<TenantContext>().Set(other);
        var theirs = await scheduler.ServiceProvider.GetRequiredService<CadenceScheduler>().DefaultCadenceAsync(other, H.App.Time.GetUtcNow(), Ct);
        Assert.Equal(DefaultCadence.Steps[^1].Body, theirs.Steps.Single(s => s.StepNumber == 13).Body);
        Assert.Equal(2, await H.App.DbAsync(db => db.Cadences.AcrossTenants().CountAsync()));
        scheduler.Dispose();
    }
}

public sealed class CadenceTemplateApiTests_Sqlite(PostgresServer postgres) : CadenceTemplateApiTests(DatabaseKind.Sqlite, postgres);

public sealed class CadenceTemplateApiTests_Postgres(PostgresServer postgres) : CadenceTemplateApiTests(DatabaseKind.Postgres, postgres);
