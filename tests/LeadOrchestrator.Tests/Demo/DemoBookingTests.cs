using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using LeadOrchestrator.Common;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Booking;
using LeadOrchestrator.Chat;
using LeadOrchestrator.Data;
using LeadOrchestrator.Sandbox;
using LeadOrchestrator.ShopMonkey;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace LeadOrchestrator.Tests.Demo;

/// <summary>
/// The newcomer's booking path on the run command's setup (demo tenant, sandbox ShopMonkey, offline
/// assistant, outbox): ask for Saturday morning, book, see the confirmations with the calendar file in
/// the outbox and the appointment in the sandbox ShopMonkey, then cancel from the link.
/// </summary>
public abstract partial class DemoBookingTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    private TestApp App { get; set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        App = TestApp.Start(await TestDatabase.CreateAsync(kind, postgres), new FakeTimeProvider(TestApp.DefaultStart), DemoSandboxTests.DemoOn);

    public async ValueTask DisposeAsync() => await App.DisposeAsync();

    [GeneratedRegex(@"/c/([A-Za-z0-9_-]{44})")]
    private static partial Regex ChatLink();

    private Task<List<SandboxMessagingEndpoints.OutboxMessage>> OutboxAsync() =>
        App.Client.GetFromJsonAsync<List<SandboxMessagingEndpoints.OutboxMessage>>("/sandbox/outbox", ApiJson.Options, Ct)!;

    private async Task<ChatReply> AskAsync(Guid leadId, string token, string message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/chat/{leadId}/messages") { Content = JsonContent.Create(new { message }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await App.Client.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ChatReply>(ApiJson.Options, Ct))!;
    }

    [Fact]
    public async Task SaturdayMorningCeramicTint_IsBooked_Confirmed_InShopMonkey_AndCancelledFromTheLink()
    {
        await App.Client.PostAsJsonAsync("/sandbox/shopmonkey/orders", new { firstName = "Sam", phone = "(512) 555-0199", email = "sam@example.com", service = "Ceramic Window Tint - Full Sedan" }, Ct);
        var first = await App.EventuallyAsync(async () => (await OutboxAsync()).FirstOrDefault(m => m.Channel == Channel.Sms), deadline: TimeSpan.FromSeconds(5));
        var (leadId, token) = (first.LeadId!.Value, ChatLink().Match(first.Body).Groups[1].Value);

        var offer = await AskAsync(leadId, token, "can I come in Saturday morning for ceramic tint?");
        Assert.Contains("Sat Nov 28, 9:00 am", offer.Response, StringComparison.Ordinal);
        var booked = await AskAsync(leadId, token, "the first one please");
        Assert.StartsWith("Booked: Ceramic Window Tint - Full Sedan on Sat Nov 28, 9:00 am", booked.Response, StringComparison.Ordinal);

        // Confirmations in the outbox: an SMS with the reschedule/cancel link, an email carrying the calendar file.
        var outbox = await App.EventuallyAsync(async () => await OutboxAsync() is var all && all.Count(m => m.Kind == "confirmation") == 2 ? all : null,
            advance: TimeSpan.FromSeconds(1));
        var sms = outbox.Single(m => m is { Kind: "confirmation", Channel: Channel.Sms });
        Assert.Contains("you're booked for Ceramic Window Tint - Full Sedan on Sat, Nov 28 at 9:00 AM", sms.Body, StringComparison.Ordinal);
        Assert.Matches(ChatLink(), sms.Body);
        var ics = Assert.Single(outbox.Single(m => m is { Kind: "confirmation", Channel: Channel.Email }).Attachments!);
        Assert.Equal("appointment.ics", ics.FileName);
        Assert.Contains("DTSTART;TZID=America/Chicago:20261128T090000", ics.Content, StringComparison.Ordinal);

        // The appointment in the sandbox ShopMonkey, and its reminders waiting.
        var inShopMonkey = await App.EventuallyAsync(async () =>
            (await App.Client.GetFromJsonAsync<List<SmAppointment>>("/sandbox/shopmonkey/appointments", ShopMonkeyJson.Options, Ct))!
                .FirstOrDefault(a => a.Name == "Online booking: Ceramic Window Tint - Full Sedan"), advance: TimeSpan.FromSeconds(1));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.Zero), inShopMonkey.StartDate);
        Assert.Contains(await App.Client.GetFromJsonAsync<List<SmAppointment>>("/sandbox/shopmonkey/appointments", ShopMonkeyJson.Options, Ct) ?? [],
            a => a.Rruleset is not null); // the recurring lunch block is on the shop's calendar too
        var reminders = await App.DbAsync(db => db.AppointmentNotices.AcrossTenants().CountAsync(n => n.LeadId == leadId && n.Status == NoticeStatus.Scheduled));
        Assert.Equal(4, reminders);

        // Cancelling from the same link frees the slot and removes it from ShopMonkey.
        var cancelled = await AskAsync(leadId, token, "please cancel my appointment");
        Assert.StartsWith("Your appointment on Sat Nov 28, 9:00 am is cancelled", cancelled.Response, StringComparison.Ordinal);
        await App.EventuallyAsync(async () => !(await App.Client.GetFromJsonAsync<List<SmAppointment>>("/sandbox/shopmonkey/appointments", ShopMonkeyJson.Options, Ct))!
            .Any(a => a.Id == inShopMonkey.Id), advance: TimeSpan.FromSeconds(1));
        var again = await AskAsync(leadId, token, "can I come in Saturday morning for ceramic tint?");
        Assert.Contains("Sat Nov 28, 9:00 am", again.Response, StringComparison.Ordinal);
        await App.EventuallyAsync(async () => (await OutboxAsync()).Count(m => m.Kind == "cancelled") == 2, advance: TimeSpan.FromSeconds(1));
    }
}

public sealed class DemoBookingTests_Sqlite(PostgresServer postgres) : DemoBookingTests(DatabaseKind.Sqlite, postgres);

public sealed class DemoBookingTests_Postgres(PostgresServer postgres) : DemoBookingTests(DatabaseKind.Postgres, postgres);
