using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LeadOrchestrator.Common;
using LeadOrchestrator.Chat;
using LeadOrchestrator.Tenants;
using LeadOrchestrator.Tests.Infrastructure;

namespace LeadOrchestrator.Tests.Chat;

/// <summary>
/// The server's side of the chat page: <c>/c/{token}</c> returns the built React page with its first
/// paint inlined as a data block nothing can break out of, under a strict content security policy; the
/// bundle is cached for good and compressed; the page's API additions (offered service, shop's today,
/// calendar link) behave. What the page renders is tested in the browser (Browser/ChatPageTests).
/// </summary>
public abstract partial class ChatPageServerTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    private ChatHarness H { get; set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => H = await ChatHarness.StartAsync(kind, postgres);

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    [GeneratedRegex("""<script id="lo-boot" type="application/json">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex BootBlock();

    [GeneratedRegex("src=\"(/app/assets/[^\"]+\\.js)\"")]
    private static partial Regex Script();

    [Fact]
    public async Task ThePage_CarriesTheLeadsFirstPaint_AsAnInertDataBlock_UnderAStrictPolicy()
    {
        var (lead, token) = await H.LeadWithTokenAsync();
        // A message that tries to end the data block and run a script.
        await H.AskAsync(lead.Id, token, "</script><script>alert(1)</script><img src=x onerror=alert(2)> hi");

        var response = await H.App.Client.GetAsync($"/c/{token}", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ChatPage.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("script-src 'self'", ChatPage.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", ChatPage.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);

        // The data block holds the page's first paint; the message is there as data, intact.
        var boot = JsonDocument.Parse(BootBlock().Match(html).Groups[1].Value).RootElement;
        Assert.Equal(lead.Id, boot.GetProperty("leadId").GetGuid());
        Assert.Equal("Tim", boot.GetProperty("context").GetProperty("firstName").GetString());
        Assert.Equal("</script><script>alert(1)</script><img src=x onerror=alert(2)> hi",
            boot.GetProperty("history").GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal(JsonValueKind.Array, boot.GetProperty("appointments").ValueKind);
        Assert.Single(BootBlock().Matches(html));
    }

    [Fact]
    public async Task TheBundle_IsCachedForAYear_AndCompressed()
    {
        var (_, token) = await H.LeadWithTokenAsync();
        var html = await H.App.Client.GetStringAsync($"/c/{token}", Ct);
        var script = Script().Match(html).Groups[1].Value;

        using var request = new HttpRequestMessage(HttpMethod.Get, script);
        request.Headers.AcceptEncoding.ParseAdd("br");
        var response = await H.App.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        Assert.Equal(["br"], response.Content.Headers.ContentEncoding);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheContext_GivesTheShopsToday_TheLastBookableDay_AndTodaysHours_AHolidayWinning()
    {
        var (lead, token) = await H.LeadWithTokenAsync();
        var context = await ContextAsync(lead.Id, token);
        // Tuesday Nov 24 2026, 10:00 in Round Rock; 30 days' horizon.
        Assert.Equal((new DateOnly(2026, 11, 24), new DateOnly(2026, 12, 24), "Open today 8am-6pm"),
            (context.ShopToday, context.BookableUntil, context.Location.Today));

        await H.App.DbAsync(async db =>
        {
            db.LocationHours.Add(new LocationHours { TenantId = H.Messaging.TenantId, LocationId = H.Messaging.Intake.LocationId, Date = new DateOnly(2026, 11, 24), Opens = new(9, 0), Closes = new(13, 0), Note = "staff training" });
            await db.SaveChangesAsync();
        });
        Assert.Equal("Open today 9am-1pm (staff training)", (await ContextAsync(lead.Id, token)).Location.Today);
    }

    private async Task<ChatEndpoints.ChatContextView> ContextAsync(Guid leadId, string token) =>
        (await (await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Get, $"/api/chat/{leadId}/context", token), Ct))
            .Content.ReadFromJsonAsync<ChatEndpoints.ChatContextView>(ApiJson.Options, Ct))!;

    [Fact]
    public async Task AnAnswerThatOffersTimes_NamesTheServiceAndDay_SoThePageCanOpenItsPickerThere()
    {
        var (lead, token) = await H.LeadWithTokenAsync();

        var offer = await H.AskAsync(lead.Id, token, "can I come in Saturday morning for ceramic tint?");
        var prices = await H.AskAsync(lead.Id, token, "how much is ceramic tint?");

        Assert.Equal((await H.ServiceIdAsync(ChatHarness.Ceramic), new DateOnly(2026, 11, 28)), (offer.OfferedServiceId, offer.OfferedDay));
        Assert.Null(prices.OfferedServiceId);
    }

    [Fact]
    public async Task TheCalendarFile_OpensAsAPlainLink_WithTheTokenInTheQuery_ButNothingElseDoes()
    {
        var (lead, token) = await H.LeadWithTokenAsync();
        var booked = await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead.Id}/appointments", token,
            new { serviceId = await H.ServiceIdAsync(ChatHarness.Ceramic), start = new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.Zero) }), Ct);
        var id = (await booked.Content.ReadFromJsonAsync<JsonElement>(ApiJson.Options, Ct)).GetProperty("id").GetGuid();
        var query = "?access_token=" + Uri.EscapeDataString(token);

        var file = await H.App.Client.GetAsync($"/api/chat/{lead.Id}/appointments/{id}/calendar.ics{query}", Ct);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("text/calendar", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await H.App.Client.GetAsync($"/api/chat/{lead.Id}/appointments/{id}/calendar.ics?access_token=forged", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await H.App.Client.GetAsync($"/api/chat/{lead.Id}/history{query}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await H.App.Client.GetAsync($"/api/chat/{lead.Id}/appointments{query}", Ct)).StatusCode);
    }
}

public sealed class ChatPageServerTests_Sqlite(PostgresServer postgres) : ChatPageServerTests(DatabaseKind.Sqlite, postgres);

public sealed class ChatPageServerTests_Postgres(PostgresServer postgres) : ChatPageServerTests(DatabaseKind.Postgres, postgres);
