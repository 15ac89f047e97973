using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using LeadOrchestrator.Common;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Booking;
using LeadOrchestrator.Data;
using LeadOrchestrator.Sandbox;
using LeadOrchestrator.Tests.Demo;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadOrchestrator.Tests.Browser;

/// <summary>
/// The customer's chat page in real Chromium, on the run command's setup (demo tenant, sandbox ShopMonkey,
/// offline assistant typing word by word, outbox): the link from the demo lead's first text, opened on a
/// phone-sized screen. Screenshots of the key screens go to artifacts/browser/.
/// </summary>
public abstract partial class ChatPageTests(DatabaseKind kind, PostgresServer postgres, BrowserServer browser) : IAsyncLifetime
{
    private TestApp App { get; set; } = null!;
    private IBrowserContext Phone { get; set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // Pausing between words makes the answer visibly stream, as a model's does.
        var settings = new Dictionary<string, string?>(DemoSandboxTests.DemoOn) { ["AI:OfflineTypingDelay"] = "00:00:00.015" };
        App = TestApp.Start(await TestDatabase.CreateAsync(kind, postgres), new FakeTimeProvider(TestApp.DefaultStart), settings);
        Phone = await browser.PhoneAsync();
        Phone.SetDefaultTimeout(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        await Phone.DisposeAsync();
        await App.DisposeAsync();
    }

    [GeneratedRegex(@"/c/([A-Za-z0-9_-]{44})")]
    private static partial Regex ChatLink();

    private string Shot(string name) => BrowserServer.ArtifactPath($"{kind.ToString().ToLowerInvariant()}-{name}.png");

    /// <summary>A sandbox estimate → the lead's first SMS in the outbox → its chat link, opened on the phone.</summary>
    private async Task<(IPage Page, Guid LeadId, string Link)> OpenDemoLeadAsync(IBrowserContext? context = null)
    {
        var order = await App.Client.PostAsJsonAsync("/sandbox/shopmonkey/orders", new
        {
            firstName = "Sam", phone = "(512) 555-0199", email = "sam@example.com", service = "Ceramic Window Tint - Full Sedan",
            vehicleYear = 2022, vehicleMake = "Toyota", vehicleModel = "Camry",
        }, Ct);
        order.EnsureSuccessStatusCode();
        var sms = await App.EventuallyAsync(async () => (await OutboxAsync()).FirstOrDefault(m => m.Channel == Channel.Sms), deadline: TimeSpan.FromSeconds(10));
        var link = new Uri(App.Client.BaseAddress!, ChatLink().Match(sms.Body).Value).ToString();
        var page = await (context ?? Phone).NewPageAsync();
        await page.GotoAsync(link);
        return (page, sms.LeadId!.Value, link);
    }

    private Task<List<SandboxMessagingEndpoints.OutboxMessage>> OutboxAsync() =>
        App.Client.GetFromJsonAsync<List<SandboxMessagingEndpoints.OutboxMessage>>("/sandbox/outbox", ApiJson.Options, Ct)!;

    /// <summary>The page is no wider than the screen: nothing scrolls sideways.</summary>
    private static async Task AssertNoSidewaysScrollAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            $"The page scrolls sideways at {page.ViewportSize?.Width} px: {await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px wide.");

    private static ILocator Assistant(IPage page) => page.Locator("li[data-role=assistant]:not([data-streaming])");

    [Fact]
    public async Task DemoLead_SeesTheGreeting_WatchesPricesStreamIn_BooksThroughThePicker_AndSeesTheConfirmation()
    {
        var (page, leadId, _) = await OpenDemoLeadAsync();

        // The shop and a greeting that knows them.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tint World Round Rock", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Call (512) 555-0142" })).ToHaveAttributeAsync("href", "tel:+15125550142");
        await Expect(page.Locator(".shop-today")).ToHaveTextAsync("Open today 8am-6pm");
        await Expect(page.Locator(".greeting")).ToContainTextAsync("Hi Sam! Thanks for asking about Ceramic Window Tint - Full Sedan for your 2022 Toyota Camry.");
        await AssertNoSidewaysScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = Shot("01-greeting"), FullPage = true });

        // Prices: the answer streams in — the page shows it growing, word by word — then stands complete.
        await page.EvaluateAsync("""
            () => {
              window.shown = [];
              new MutationObserver(() => {
                const text = document.querySelector("li[data-streaming] .msg-text")?.textContent;
                if (text && window.shown.at(-1) !== text) window.shown.push(text);
              }).observe(document.querySelector("ol.messages"), { subtree: true, childList: true, characterData: true });
            }
            """);
        await page.GetByRole(AriaRole.Button, new() { Name = "Prices" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sending…" })).ToBeDisabledAsync();
        var answer = Assistant(page).Last;
        await Expect(answer).ToContainTextAsync("Ceramic Window Tint - Full Sedan: $449");
        var whole = await answer.Locator(".msg-text").TextContentAsync();
        var shown = await page.EvaluateAsync<string[]>("() => window.shown");
        Assert.True(shown.Count(partial => partial.TrimEnd().Length < whole!.Length) >= 3 && shown.All(partial => whole!.StartsWith(partial.TrimEnd(), StringComparison.Ordinal)),
            $"Expected the answer to grow in pieces before it stood complete; saw {shown.Length}: {string.Join(" | ", shown)}");
        await Expect(page.Locator(".msg-customer").Last).ToHaveTextAsync(new Regex("What are your prices for Ceramic Window Tint - Full Sedan\\?"));
        await AssertNoSidewaysScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = Shot("02-prices"), FullPage = true });

        // "Book a time": the picker starts on the estimate's service; Saturday, 9:00 AM.
        await page.GetByRole(AriaRole.Button, new() { Name = "Book a time" }).ClickAsync();
        var picker = page.GetByRole(AriaRole.Region, new() { Name = "Pick a time" });
        await Expect(picker.GetByLabel("Service")).ToHaveValueAsync(await ServiceIdAsync("Ceramic Window Tint - Full Sedan"));
        await picker.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex("^Sat Nov 28") }).CheckAsync();
        await picker.GetByRole(AriaRole.Radio, new() { Name = "9:00 AM", Exact = true }).CheckAsync();
        await AssertNoSidewaysScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = Shot("03-picker"), FullPage = true });
        await picker.GetByRole(AriaRole.Button, new() { Name = "Book Saturday, November 28 at 9:00 AM" }).ClickAsync();

        // The confirmation card, with the calendar file behind "Add to calendar".
        var card = page.GetByRole(AriaRole.Region, new() { Name = "You're booked" });
        await Expect(card).ToContainTextAsync("Ceramic Window Tint - Full Sedan");
        await Expect(card).ToContainTextAsync("Saturday, November 28 at 9:00 AM");
        await Expect(card.GetByRole(AriaRole.Heading)).ToBeFocusedAsync();
        var href = await card.GetByRole(AriaRole.Link, new() { Name = "Add to calendar" }).GetAttributeAsync("href");
        var ics = await page.APIRequest.GetAsync(new Uri(new Uri(page.Url), href).ToString());
        Assert.Equal(200, ics.Status);
        Assert.Contains("DTSTART;TZID=America/Chicago:20261128T090000", await ics.TextAsync(), StringComparison.Ordinal);
        await AssertNoSidewaysScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = Shot("04-booked"), FullPage = true });

        var booked = await App.DbAsync(db => db.Appointments.AcrossTenants().SingleAsync(a => a.LeadId == leadId));
        Assert.Equal((new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.Zero), AppointmentStatus.Booked), (booked.StartsAt, booked.Status));
        await App.EventuallyAsync(async () => (await OutboxAsync()).Count(m => m.Kind == "confirmation") == 2, advance: TimeSpan.FromSeconds(1));
    }

    private Task<string> ServiceIdAsync(string name) =>
        App.DbAsync(async db => (await db.ServiceCatalog.AcrossTenants().FirstAsync(s => s.Name == name)).Id.ToString());

    [Fact]
    public async Task TheAssistantsOffer_OpensThePicker_AndTheCardMovesAndCancelsTheAppointment()
    {
        var (page, leadId, _) = await OpenDemoLeadAsync();

        // Typed with the keyboard: Shift+Enter is a new line, Enter sends.
        var box = page.GetByLabel("Your message");
        await box.FocusAsync();
        await page.Keyboard.TypeAsync("can I come in Saturday morning");
        await page.Keyboard.PressAsync("Shift+Enter");
        await page.Keyboard.TypeAsync("for ceramic tint?");
        Assert.Equal("can I come in Saturday morning\nfor ceramic tint?", await box.InputValueAsync());
        await page.Keyboard.PressAsync("Enter");
        await Expect(box).ToHaveValueAsync("");
        await Expect(Assistant(page).Last).ToContainTextAsync("Sat Nov 28, 9:00 am");

        // The answer offered Saturday's times, so the picker is open on that service and day.
        var picker = page.GetByRole(AriaRole.Region, new() { Name = "Pick a time" });
        await Expect(picker.GetByLabel("Service")).ToHaveValueAsync(await ServiceIdAsync("Ceramic Window Tint - Full Sedan"));
        await Expect(picker.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex("^Sat Nov 28") })).ToBeCheckedAsync();
        await picker.GetByRole(AriaRole.Radio, new() { Name = "9:30 AM", Exact = true }).CheckAsync();
        await picker.GetByRole(AriaRole.Button, new() { Name = "Book Saturday, November 28 at 9:30 AM" }).ClickAsync();
        var card = page.GetByRole(AriaRole.Region, new() { Name = "You're booked" });
        await Expect(card).ToContainTextAsync("Saturday, November 28 at 9:30 AM");

        // Reschedule from the card: Monday 8:00 AM.
        await card.GetByRole(AriaRole.Button, new() { Name = "Reschedule" }).ClickAsync();
        var mover = page.GetByRole(AriaRole.Region, new() { Name = "Pick a new time" });
        await mover.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex("^Mon Nov 30") }).CheckAsync();
        await mover.GetByRole(AriaRole.Radio, new() { Name = "8:00 AM", Exact = true }).CheckAsync();
        await mover.GetByRole(AriaRole.Button, new() { Name = "Move to Monday, November 30 at 8:00 AM" }).ClickAsync();
        await Expect(card).ToContainTextAsync("Monday, November 30 at 8:00 AM");
        var moved = await App.DbAsync(db => db.Appointments.AcrossTenants().SingleAsync(a => a.LeadId == leadId));
        Assert.Equal((new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero), AppointmentStatus.Rescheduled), (moved.StartsAt, moved.Status));

        // Cancel, after a confirmation step.
        await card.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Yes, cancel it" }).ClickAsync();
        await Expect(page.GetByText("Your appointment on Monday, November 30 at 8:00 AM is cancelled.")).ToBeVisibleAsync();
        Assert.Equal(AppointmentStatus.Cancelled, (await App.DbAsync(db => db.Appointments.AcrossTenants().SingleAsync(a => a.LeadId == leadId))).Status);
        await AssertNoSidewaysScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = Shot("05-cancelled"), FullPage = true });
    }

    [Fact]
    public async Task ADroppedConnection_MidAnswer_Reconnects_AndShowsTheAnswerTheServerFinished()
    {
        var (page, leadId, _) = await OpenDemoLeadAsync();
        // The request reaches the server and its answer is written, but the page never gets it: the line drops.
        await page.RouteAsync("**/stream", async route =>
        {
            await route.FetchAsync();
            await Phone.SetOfflineAsync(true);
            await route.AbortAsync("internetdisconnected");
        });

        await page.GetByRole(AriaRole.Button, new() { Name = "Hours" }).ClickAsync();
        await Expect(page.GetByText("Connection lost. Reconnecting…")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("06-reconnecting"), FullPage = true });
        await page.UnrouteAllAsync();
        await Phone.SetOfflineAsync(false);

        await Expect(Assistant(page).Last).ToContainTextAsync("Tint World Round Rock is open Mon-Fri 8am-6pm", new() { Timeout = 15_000 });
        await Expect(page.GetByText("Connection lost. Reconnecting…")).ToBeHiddenAsync();
        // Asked once, answered once.
        var messages = await App.DbAsync(db => db.ChatMessages.AcrossTenants().Where(m => m.LeadId == leadId).Select(m => m.Role).ToListAsync());
        Assert.Equal([Conversations.ChatRole.Customer, Conversations.ChatRole.Assistant], messages);
    }

    [Fact]
    public async Task AMessageThatNeverLeft_IsShownAsNotSent_AndSendAgainDeliversItOnce()
    {
        var (page, leadId, _) = await OpenDemoLeadAsync();
        await page.RouteAsync("**/stream", route => route.AbortAsync("internetdisconnected"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Hours" }).ClickAsync();
        await Expect(page.GetByText("Your message wasn't sent.")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.UnrouteAllAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send again" }).ClickAsync();

        await Expect(Assistant(page).Last).ToContainTextAsync("Tint World Round Rock is open Mon-Fri 8am-6pm");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        var customer = await App.DbAsync(db => db.ChatMessages.AcrossTenants().CountAsync(m => m.LeadId == leadId && m.Role == Conversations.ChatRole.Customer));
        Assert.Equal(1, customer);
    }

    [Fact]
    public async Task AnExpiredLink_ShowsTheFriendlyPage_WithTheShopsNumber_AndNothingOfTheLead()
    {
        var (page, _, link) = await OpenDemoLeadAsync();
        await Expect(page.Locator(".greeting")).ToBeVisibleAsync();

        App.Time.Advance(TimeSpan.FromDays(46));
        var response = await page.GotoAsync(link);
        Assert.Equal(404, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This link has expired" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "(512) 555-0142" })).ToHaveAttributeAsync("href", "tel:+15125550142");
        var text = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("Sam", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Camry", text, StringComparison.Ordinal);
        await AssertNoSidewaysScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = Shot("07-expired"), FullPage = true });

        // A link that was never ours shows even less, and does not pretend it once worked.
        await page.GotoAsync(new Uri(App.Client.BaseAddress!, "/c/" + new string('A', 44)).ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This link doesn't work" })).ToBeVisibleAsync();
        await Expect(page.GetByText("expired")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ThePageStaysOpen_WhenTheLinkExpiresMeanwhile_AndTheNextMessageShowsTheFriendlyPage()
    {
        var (page, _, _) = await OpenDemoLeadAsync();
        await Expect(page.Locator(".greeting")).ToBeVisibleAsync();
        // The page opens its live stream after it shows; on a slow machine that request could reach the
        // server after the clock moves and show the friendly page before the tap. The stream accepted
        // first, the next message is what meets the expired link.
        var listening = page.WaitForResponseAsync(r => r.Url.EndsWith("/events", StringComparison.Ordinal) && r.Ok);
        await page.ReloadAsync();
        await listening;
        await Expect(page.Locator(".greeting")).ToBeVisibleAsync();

        App.Time.Advance(TimeSpan.FromDays(46));
        await page.GetByRole(AriaRole.Button, new() { Name = "Hours" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This link has expired" })).ToBeVisibleAsync();
        await Expect(page.Locator(".greeting")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task OnA390By844Phone_BookATimeBringsThePickerIntoView_EveryQuickReplyShows_AndPricesComeAsAList()
    {
        await using var context = await browser.PhoneAsync(width: 390, height: 844);
        var (page, _, _) = await OpenDemoLeadAsync(context);
        await Expect(page.Locator(".greeting")).ToBeVisibleAsync();

        // Every quick reply is wholly on screen: none hides off the edge of a row that scrolls.
        foreach (var name in new[] { "Prices", "Book a time", "Hours", "Talk to a person" })
        {
            var box = (await page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }).BoundingBoxAsync())!;
            Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"'{name}' is cut off: {box.X:F0}–{box.X + box.Width:F0} px of 390");
        }

        // Prices, as the offline assistant lists them: a list, not lines that start with "- ".
        await page.GetByRole(AriaRole.Button, new() { Name = "Prices", Exact = true }).ClickAsync();
        await Expect(Assistant(page).Last.Locator("ul > li").First).ToBeVisibleAsync();
        Assert.DoesNotContain("\n- ", await Assistant(page).Last.InnerTextAsync(), StringComparison.Ordinal);

        // A long conversation above, then "Book a time": the picker comes up into view, above the message box.
        await page.GetByRole(AriaRole.Button, new() { Name = "Book a time" }).ClickAsync();
        var heading = page.GetByRole(AriaRole.Heading, new() { Name = "Pick a time" });
        await Expect(heading).ToBeFocusedAsync();
        await Expect(page.GetByRole(AriaRole.Radio).First).ToBeVisibleAsync();
        var top = (await heading.BoundingBoxAsync())!;
        var dock = (await page.Locator(".dock").BoundingBoxAsync())!;
        Assert.True(top.Y >= 0 && top.Y + top.Height <= dock.Y, $"The picker's heading is at {top.Y:F0} px; the message box starts at {dock.Y:F0} px of 844");
        var firstDay = (await page.Locator(".picker .chips").First.BoundingBoxAsync())!;
        Assert.True(firstDay.Y + firstDay.Height <= dock.Y, "The picker's days are hidden behind the message box");
        await page.ScreenshotAsync(new() { Path = Shot("09-picker-390") });
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task At360Px_NothingScrollsSideways_AndAxeFindsNoWcagAaViolations(ColorScheme scheme)
    {
        await using var context = await browser.PhoneAsync(scheme);
        var (page, leadId, _) = await OpenDemoLeadAsync(context);
        // A long unbroken word (a pasted link) and a staff reply, next to the usual answer.
        await page.GetByLabel("Your message").FillAsync("https://example.com/a-very-long-link-without-any-spaces-that-could-push-the-page-wider-than-a-phone");
        await page.GetByLabel("Your message").PressAsync("Enter");
        await Expect(Assistant(page).First).ToBeVisibleAsync();
        await App.DbAsync(async db =>
        {
            var question = await db.ChatMessages.AcrossTenants().SingleAsync(m => m.LeadId == leadId && m.Role == Conversations.ChatRole.Customer);
            db.ChatMessages.Add(new Conversations.ChatMessage
            {
                Id = Guid.NewGuid(), TenantId = question.TenantId, SessionId = question.SessionId, LeadId = leadId, Role = Conversations.ChatRole.Staff,
                Channel = ConversationChannel.Web, Content = "Hi Sam, this is Jess at the shop. Happy to help!", CreatedAt = App.Time.GetUtcNow().AddMinutes(1),
            });
            await db.SaveChangesAsync();
        });
        await page.ReloadAsync();
        await Expect(page.GetByText("Staff · Tint World Round Rock")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Book a time" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "12:00 PM", Exact = true })).ToBeVisibleAsync();

        await AssertNoSidewaysScrollAsync(page);
        var results = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        Assert.True(results.Violations.Length == 0,
            string.Join("\n", results.Violations.Select(v => $"{v.Id}: {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => n.Html))}")));
        await page.ScreenshotAsync(new() { Path = Shot($"08-picker-{scheme.ToString().ToLowerInvariant()}"), FullPage = true });
    }
}

public sealed class ChatPageTests_Sqlite(PostgresServer postgres, BrowserServer browser) : ChatPageTests(DatabaseKind.Sqlite, postgres, browser);

public sealed class ChatPageTests_Postgres(PostgresServer postgres, BrowserServer browser) : ChatPageTests(DatabaseKind.Postgres, postgres, browser);
