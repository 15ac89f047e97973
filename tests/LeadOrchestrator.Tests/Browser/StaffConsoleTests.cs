using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Common;
using LeadOrchestrator.Sandbox;
using LeadOrchestrator.Tests.Demo;
using LeadOrchestrator.Tests.Infrastructure;
using LeadOrchestrator.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadOrchestrator.Tests.Browser;

/// <summary>
/// The staff console in real Chromium, on the run command's setup (demo tenant, sandbox ShopMonkey,
/// offline assistant, outbox): a customer asks for a person on their chat page; the front desk, on a
/// tablet, signs in, sees them first in the inbox with the reason, opens the thread, answers into the
/// chat — and the customer sees the answer on their page. Screenshots go to artifacts/browser/.
/// </summary>
public abstract partial class StaffConsoleTests(DatabaseKind kind, PostgresServer postgres, BrowserServer browser) : IAsyncLifetime
{
    private const string OwnerEmail = "owner@tintworld.example";
    private const string OwnerPassword = "console-test-password";

    private TestApp App { get; set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        App = TestApp.Start(await TestDatabase.CreateAsync(kind, postgres), new FakeTimeProvider(TestApp.DefaultStart),
            new Dictionary<string, string?>(DemoSandboxTests.DemoOn) { ["Demo:StaffPassword"] = OwnerPassword });

    public async ValueTask DisposeAsync() => await App.DisposeAsync();

    [GeneratedRegex(@"/c/([A-Za-z0-9_-]{44})")]
    private static partial Regex ChatLink();

    private string Shot(string name) => BrowserServer.ArtifactPath($"console-{kind.ToString().ToLowerInvariant()}-{name}.png");

    private Uri At(string path) => new(App.Client.BaseAddress!, path);

    /// <summary>A tablet at the counter: 1024 × 768, touch.</summary>
    private async Task<IBrowserContext> TabletAsync(ColorScheme scheme = ColorScheme.Light) =>
        await (await browser.GetAsync()).NewContextAsync(new()
        {
            ViewportSize = new() { Width = 1024, Height = 768 }, HasTouch = true, ColorScheme = scheme, Locale = "en-US",
        });

    private async Task<IPage> CustomerAsksForAPersonAsync(IBrowserContext phone)
    {
        var order = await App.Client.PostAsJsonAsync("/sandbox/shopmonkey/orders", new
        {
            firstName = "Sam", lastName = "Rivera", phone = "(512) 555-0199", email = "sam@example.com", service = "Ceramic Window Tint - Full Sedan",
            vehicleYear = 2022, vehicleMake = "Toyota", vehicleModel = "Camry",
        }, Ct);
        order.EnsureSuccessStatusCode();
        var sms = await App.EventuallyAsync(async () =>
            (await App.Client.GetFromJsonAsync<List<SandboxMessagingEndpoints.OutboxMessage>>("/sandbox/outbox", ApiJson.Options, Ct))!.FirstOrDefault(m => m.Channel == Channel.Sms),
            deadline: TimeSpan.FromSeconds(10));
        var page = await phone.NewPageAsync();
        await page.GotoAsync(At(ChatLink().Match(sms.Body).Value).ToString());
        await page.GetByLabel("Your message").FillAsync("Can I talk to a real person about a fleet discount?");
        await page.GetByLabel("Your message").PressAsync("Enter");
        await Expect(page.Locator("li[data-role=assistant]:not([data-streaming])").Last).ToBeVisibleAsync();
        return page;
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GetByLabel("Email").FillAsync(OwnerEmail);
        await page.GetByLabel("Password").FillAsync(OwnerPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    [Fact]
    public async Task TheFrontDesk_SeesWhoNeedsAPerson_AnswersIntoTheChat_AndTheCustomerSeesIt()
    {
        await using var phone = await browser.PhoneAsync();
        phone.SetDefaultTimeout(10_000);
        var customer = await CustomerAsksForAPersonAsync(phone);

        await using var tablet = await TabletAsync();
        tablet.SetDefaultTimeout(10_000);
        var desk = await tablet.NewPageAsync();
        // Straight to the inbox: not signed in yet, so the sign-in page, and back to the inbox after.
        await desk.GotoAsync(At("/console/inbox").ToString());
        await Expect(desk.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await desk.ScreenshotAsync(new() { Path = Shot("01-sign-in") });
        await SignInAsync(desk);
        await Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Inbox", Level = 1 })).ToBeVisibleAsync();

        // Sam first, with why: he asked for a person.
        var row = desk.Locator("ul.conversations li").First;
        await Expect(row).ToContainTextAsync("Sam Rivera");
        await Expect(row).ToContainTextAsync("Asked for a person");
        await desk.ScreenshotAsync(new() { Path = Shot("02-inbox") });

        // The thread: his message and the assistant's answer; take over, answer into the chat.
        await row.GetByRole(AriaRole.Link).ClickAsync();
        var messages = desk.GetByRole(AriaRole.List, new() { Name = "Messages" });
        await Expect(messages).ToContainTextAsync("Can I talk to a real person about a fleet discount?");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Take over" }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Button, new() { Name = "Hand back to assistant" })).ToBeVisibleAsync();
        await desk.GetByLabel("Reply to Sam Rivera").FillAsync("Hi Sam, Jess here: yes, 10% off for five cars or more.");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(messages).ToContainTextAsync("Hi Sam, Jess here: yes, 10% off for five cars or more.");
        await desk.ScreenshotAsync(new() { Path = Shot("03-thread-replied") });

        // A note, for staff only.
        await desk.GetByRole(AriaRole.Radio, new() { Name = "Note" }).CheckAsync();
        await desk.GetByLabel("Note for staff").FillAsync("Owner approved the fleet discount.");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        await Expect(messages).ToContainTextAsync("Owner approved the fleet discount.");

        // The customer's page shows Jess's answer, and never the note.
        await customer.ReloadAsync();
        await Expect(customer.GetByText("Hi Sam, Jess here: yes, 10% off for five cars or more.")).ToBeVisibleAsync();
        await Expect(customer.GetByText("Owner approved the fleet discount.")).ToHaveCountAsync(0);
        await customer.ScreenshotAsync(new() { Path = Shot("04-customer-sees-reply"), FullPage = true });
    }

    /// <summary>
    /// The live story: the console is open before anything happens; the customer's lead, their request for a person,
    /// their text and the staff reply all arrive without a reload, on both sides; then the assistant answers again
    /// once handed back, and the lead's page tells it all in order.
    /// </summary>
    [Fact]
    public async Task EverythingArrivesLive_OnBothSides_AndTheLeadsPageTellsTheStory()
    {
        await using var tablet = await TabletAsync();
        tablet.SetDefaultTimeout(10_000);
        var desk = await tablet.NewPageAsync();
        await desk.GotoAsync(At("/console/inbox").ToString());
        await SignInAsync(desk);
        await Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Inbox", Level = 1 })).ToBeVisibleAsync();
        await Expect(desk.GetByText("Live updates on")).ToBeAttachedAsync();

        // A new sandbox lead asks for a person on their chat page: the open inbox shows them first, no reload.
        await using var phone = await browser.PhoneAsync();
        phone.SetDefaultTimeout(10_000);
        var customer = await CustomerAsksForAPersonAsync(phone);
        var row = desk.Locator("ul.conversations li").First;
        await Expect(row).ToContainTextAsync("Sam Rivera");
        await Expect(row).ToContainTextAsync("Asked for a person");
        await desk.ScreenshotAsync(new() { Path = Shot("10-live-needs-a-person") });
        // The demo owner asked to be told by email: the alert is in the outbox, with the way straight to the conversation.
        var alert = await App.EventuallyAsync(async () =>
            (await App.Client.GetFromJsonAsync<List<SandboxMessagingEndpoints.OutboxMessage>>("/sandbox/outbox", ApiJson.Options, Ct))!
                .FirstOrDefault(m => m.Channel == Channel.Email && m.Kind == "staff_alert" && m.Subject!.Contains("Sam Rivera", StringComparison.Ordinal)));
        Assert.Equal("owner@tintworld.example", alert.To);
        Assert.Contains("/console/inbox/", alert.Body, StringComparison.Ordinal);

        // Staff answer into the chat: the customer's page shows it without a reload, signed with a first name.
        App.Time.Advance(TimeSpan.FromMinutes(1));
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await desk.GetByLabel("Reply to Sam Rivera").FillAsync("Hi Sam, it's the shop: yes, we do fleet discounts.");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        var messages = desk.GetByRole(AriaRole.List, new() { Name = "Messages" });
        await Expect(messages).ToContainTextAsync("Hi Sam, it's the shop: yes, we do fleet discounts.");
        var fromStaff = customer.Locator("li[data-role=staff]").Last;
        await Expect(fromStaff).ToContainTextAsync("Hi Sam, it's the shop: yes, we do fleet discounts.");
        await Expect(fromStaff).ToContainTextAsync("Jess from Tint World");
        await customer.ScreenshotAsync(new() { Path = Shot("11-live-customer-sees-reply"), FullPage = true });

        // The customer texts the shop (the sandbox's Twilio): the open thread shows it, no reload. (The test clock
        // moves between steps, as time does between them at a real counter.)
        App.Time.Advance(TimeSpan.FromMinutes(1));
        (await App.Client.PostAsJsonAsync("/sandbox/twilio/sms", new { from = "+15125550199", body = "Great, I have six cars. Can you text me the details?" }, Ct)).EnsureSuccessStatusCode();
        await Expect(messages).ToContainTextAsync("Great, I have six cars. Can you text me the details?");

        // Staff answer by text: it is in the outbox.
        App.Time.Advance(TimeSpan.FromMinutes(1));
        await desk.GetByRole(AriaRole.Radio, new() { Name = "Text (SMS)" }).CheckAsync();
        await desk.GetByLabel("Reply to Sam Rivera").FillAsync("Sure: 10% off for five cars or more, any tint.");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(messages).ToContainTextAsync("Sure: 10% off for five cars or more, any tint.");
        await App.EventuallyAsync(async () =>
            (await App.Client.GetFromJsonAsync<List<SandboxMessagingEndpoints.OutboxMessage>>("/sandbox/outbox", ApiJson.Options, Ct))!
                .Any(m => m.Channel == Channel.Sms && m.Kind == "staff_reply" && m.Body.Contains("10% off for five cars", StringComparison.Ordinal)));
        await desk.ScreenshotAsync(new() { Path = Shot("12-live-sms-thread") });

        // Hand back: the assistant answers the customer's next message.
        await desk.GetByRole(AriaRole.Button, new() { Name = "Hand back to assistant" }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Button, new() { Name = "Take over" })).ToBeVisibleAsync();
        App.Time.Advance(TimeSpan.FromMinutes(1));
        var answers = customer.Locator("li[data-role=assistant]:not([data-streaming])");
        var before = await answers.CountAsync();
        await customer.GetByLabel("Your message").FillAsync("what are your hours?");
        await customer.GetByLabel("Your message").PressAsync("Enter");
        await Expect(answers).ToHaveCountAsync(before + 1);
        await Expect(messages).ToContainTextAsync("what are your hours?");

        // The lead's page: the story in order.
        var leadId = await App.DbAsync(db => db.Leads.AcrossTenants().Where(l => l.FirstName == "Sam").Select(l => l.Id).SingleAsync(Ct));
        await desk.GotoAsync(At($"/console/leads/{leadId}").ToString());
        var timeline = desk.GetByRole(AriaRole.List, new() { Name = "Timeline, oldest first" });
        await Expect(timeline).ToContainTextAsync("Lead created");
        var story = await timeline.InnerTextAsync();
        int Pos(string text) => story.IndexOf(text, StringComparison.Ordinal) is var i and >= 0 ? i : throw new Xunit.Sdk.XunitException($"not on the timeline: {text}\n{story}");
        Assert.True(Pos("Lead created") < Pos("Follow-up text"));
        Assert.True(Pos("Follow-up text") < Pos("Needs a person"));
        Assert.True(Pos("Needs a person") < Pos("we do fleet discounts"));
        Assert.True(Pos("we do fleet discounts") < Pos("I have six cars"));
        Assert.True(Pos("I have six cars") < Pos("10% off for five cars"));
        Assert.True(Pos("10% off for five cars") < Pos("what are your hours?"));
        await desk.ScreenshotAsync(new() { Path = Shot("13-lead-page"), FullPage = true });

        // Book for the customer from their page; the agenda shows the booking in a bay lane.
        await desk.GetByRole(AriaRole.Button, new() { Name = "Book an appointment" }).ClickAsync();
        var booking = desk.GetByRole(AriaRole.Dialog);
        var service = booking.GetByLabel("Service");
        await Expect(service).ToBeVisibleAsync();
        var ceramic = await service.Locator("option", new() { HasText = "Ceramic Window Tint - Full Sedan" }).GetAttributeAsync("value");
        await service.SelectOptionAsync(ceramic!);
        await booking.GetByRole(AriaRole.Radio).First.CheckAsync();
        await booking.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Book ") }).ClickAsync();
        await Expect(desk.GetByText("The customer gets a confirmation.").First).ToBeVisibleAsync();
        var booked = await App.EventuallyAsync(() => App.DbAsync(db => db.Appointments.AcrossTenants().FirstOrDefaultAsync(a => a.LeadId == leadId, Ct)));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(await App.DbAsync(db => db.Locations.AcrossTenants().Where(l => l.Id == booked.LocationId).Select(l => l.TimeZone).SingleAsync(Ct)));
        var day = TimeZoneInfo.ConvertTime(booked.StartsAt, zone).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await desk.GotoAsync(At($"/console/appointments?date={day}").ToString());
        await Expect(desk.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("Sam Rivera") }).First).ToBeVisibleAsync();
        await desk.ScreenshotAsync(new() { Path = Shot("14-agenda"), FullPage = true });
    }

    /// <summary>The agenda, the cadence editor, notification settings and the leads list: on a phone, light and dark, no sideways scroll, axe clean.</summary>
    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task TheOtherScreens_OnAPhone_AxeFindsNoWcagAaViolations(ColorScheme scheme)
    {
        await using var context = await browser.PhoneAsync(scheme);
        context.SetDefaultTimeout(10_000);
        var page = await context.NewPageAsync();
        // The test's own app serves its first page: it may still be warming up on a busy machine.
        await page.GotoAsync(At("/console/sign-in").ToString(), new() { Timeout = 30_000 });
        await SignInAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inbox", Level = 1 })).ToBeVisibleAsync();
        // A phone's bar is one line: the Inbox (who waits) and a Menu with the other sections — for the owner, those for managers too.
        var menu = page.GetByRole(AriaRole.Button, new() { Name = "Menu" });
        await menu.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Cadence" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Saved replies" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = Shot($"19-menu-phone-{scheme.ToString().ToLowerInvariant()}") });
        await page.Keyboard.PressAsync("Escape");
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(menu).ToBeFocusedAsync();
        foreach (var (path, shot) in new[] { ("/console/appointments", "20-agenda"), ("/console/cadence", "21-cadence"), ("/console/cadence?step=2", "22-cadence-step"),
                     ("/console/settings/notifications", "23-notifications"), ("/console/leads", "24-leads"), ("/console/users", "25-colleagues"),
                     ("/console/activity", "26-activity"), ("/console/settings/security", "27-security"), ("/console/settings/locations", "31-locations"), ("/console/settings/shopmonkey", "32-shopmonkey"),
                     ("/console/settings/customer-data", "33-customer-data"),
                     ($"/console/settings/locations/{await App.DbAsync(db => db.Locations.AcrossTenants().Select(l => l.Id).FirstAsync())}", "34-location-settings") })
        {
            await page.GotoAsync(At(path).ToString());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Loading" })).ToHaveCountAsync(0);
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{path}: the page scrolls sideways");
            await AssertAccessibleAsync(page);
            await page.ScreenshotAsync(new() { Path = Shot($"{shot}-phone-{scheme.ToString().ToLowerInvariant()}"), FullPage = true });
        }
        // A manager edits the cadence: the step's wording is a field with a save button, not read-only text.
        await page.GotoAsync(At("/console/cadence?step=1").ToString());
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save" })).ToBeAttachedAsync();
    }

    /// <summary>
    /// The owner invites a front desk from the Colleagues page on the tablet; the invitee opens the emailed link (the
    /// demo's outbox) on their phone, gives their name and a password, and is in their console; the link then works no more.
    /// </summary>
    [Fact]
    public async Task AnInvitedColleague_JoinsFromTheEmailedLink_AndIsInTheirConsole()
    {
        await using var tablet = await TabletAsync();
        tablet.SetDefaultTimeout(10_000);
        var owner = await tablet.NewPageAsync();
        // The app's first page of the run: the server may still be warming up on a busy machine.
        await owner.GotoAsync(At("/console/sign-in").ToString(), new() { Timeout = 30_000 });
        await SignInAsync(owner);
        await Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Inbox", Level = 1 })).ToBeVisibleAsync();
        await owner.GotoAsync(At("/console/users").ToString());
        await owner.GetByRole(AriaRole.Button, new() { Name = "Invite a colleague" }).ClickAsync();
        var dialog = owner.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Their email address").FillAsync("nia@tintworld.example");
        await dialog.GetByLabel("Front desk").CheckAsync();
        await AssertAccessibleAsync(owner);
        await owner.ScreenshotAsync(new() { Path = Shot("28-invite-dialog") });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        await Expect(owner.Locator("section.invitations")).ToContainTextAsync("nia@tintworld.example");
        await owner.ScreenshotAsync(new() { Path = Shot("29-invited"), FullPage = true });

        var mail = await App.EventuallyAsync(async () =>
            (await App.Client.GetFromJsonAsync<List<SandboxMessagingEndpoints.OutboxMessage>>("/sandbox/outbox", ApiJson.Options, Ct))!
                .FirstOrDefault(m => m.Channel == Channel.Email && m.To == "nia@tintworld.example"), deadline: TimeSpan.FromSeconds(10));
        var link = InviteLink().Match(mail.Body).Value;

        await using var phone = await browser.PhoneAsync(ColorScheme.Light);
        phone.SetDefaultTimeout(10_000);
        var nia = await phone.NewPageAsync();
        await nia.GotoAsync(At(link).ToString());
        await Expect(nia.GetByRole(AriaRole.Heading, new() { Name = "Join Tint World Demo Franchise", Level = 1 })).ToBeVisibleAsync();
        await nia.GetByLabel("Your name (as colleagues see it)").FillAsync("Nia Reyes");
        await nia.GetByLabel("Password", new() { Exact = true }).FillAsync("tinted windows at dawn");
        await nia.GetByLabel("Type the password again").FillAsync("tinted windows at dawn");
        Assert.True(await nia.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the invitation page scrolls sideways");
        await AssertAccessibleAsync(nia);
        await nia.ScreenshotAsync(new() { Path = Shot("30-invitation-phone"), FullPage = true });
        await nia.GetByRole(AriaRole.Button, new() { Name = "Join Tint World Demo Franchise" }).ClickAsync();
        await Expect(nia.GetByRole(AriaRole.Heading, new() { Name = "Inbox", Level = 1 })).ToBeVisibleAsync();
        var me = await nia.EvaluateAsync<string>("() => fetch('/api/console/me').then(r => r.text())");
        Assert.Contains("\"role\":\"front_desk\"", me);

        // The link is spent; the owner's list shows Nia as a colleague, no longer waiting.
        var again = await phone.NewPageAsync();
        await again.GotoAsync(At(link).ToString());
        await Expect(again.GetByText("This invitation has been used")).ToBeVisibleAsync();
        await owner.ReloadAsync();
        await Expect(owner.GetByText("Nia Reyes")).ToBeVisibleAsync();
        await Expect(owner.Locator("section.invitations")).ToHaveCountAsync(0);
    }

    [GeneratedRegex(@"/console/invite/[A-Za-z0-9_-]+")]
    private static partial Regex InviteLink();

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task TheInboxAndThread_OnATabletAndAPhone_AxeFindsNoWcagAaViolations(ColorScheme scheme)
    {
        await using var phone = await browser.PhoneAsync(scheme);
        phone.SetDefaultTimeout(10_000);
        await CustomerAsksForAPersonAsync(phone);

        foreach (var (name, context) in new[] { ("tablet", await TabletAsync(scheme)), ("phone", await browser.PhoneAsync(scheme)) })
        {
            await using var _ = context;
            context.SetDefaultTimeout(10_000);
            var page = await context.NewPageAsync();
            await page.GotoAsync(At("/console/sign-in").ToString());
            await SignInAsync(page);
            await Expect(page.Locator("ul.conversations li").First).ToContainTextAsync("Sam Rivera");
            await AssertAccessibleAsync(page);
            await page.Locator("ul.conversations li").First.GetByRole(AriaRole.Link).ClickAsync();
            await Expect(page.GetByRole(AriaRole.List, new() { Name = "Messages" })).ToContainTextAsync("fleet discount");
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{name}: the page scrolls sideways");
            await AssertAccessibleAsync(page);
            await page.ScreenshotAsync(new() { Path = Shot($"05-thread-{name}-{scheme.ToString().ToLowerInvariant()}") });
        }
    }

    [Fact]
    public async Task AManagerTriesTheAssistant_AsATestCustomer_ThenRunsTheCheckUp_AndNothingIsBooked()
    {
        await using var tablet = await TabletAsync();
        tablet.SetDefaultTimeout(10_000);
        var page = await tablet.NewPageAsync();
        await page.GotoAsync(At("/console/sign-in").ToString());
        await SignInAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Assistant", Exact = true }).ClickAsync();
        await page.GetByLabel("Vehicle (optional)").FillAsync("2022 Toyota Camry");
        await page.GetByLabel("Message as the customer").FillAsync("How much is ceramic tint? Anything Saturday morning for it?");
        await page.GetByLabel("Message as the customer").PressAsync("Enter");

        var transcript = page.GetByRole(AriaRole.List, new() { Name = "Test conversation" });
        await Expect(transcript).ToContainTextAsync("$");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Tools used" }).First).ToContainTextAsync("list_services");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways");
        await AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = Shot("07-try-the-assistant"), FullPage = true });

        // The check-up: every conversation against this shop's catalog, added up per category as they finish.
        var messagesBefore = await App.DbAsync(db => db.ChatMessages.AcrossTenants().CountAsync());
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Assistant" }).GetByRole(AriaRole.Link, new() { Name = "Check-up" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Run the check-up" }).ClickAsync();
        var status = page.Locator(".checkup-status");
        await Expect(status).ToContainTextAsync(new Regex(@"^Finished: \d+ of \d+ passed\.$"), new() { Timeout = 60_000 });
        var results = page.GetByRole(AriaRole.Table, new() { Name = "Results by category" });
        await Expect(results.GetByRole(AriaRole.Row, new() { Name = "Total" })).ToBeVisibleAsync();
        await Expect(results).ToContainTextAsync("Prices");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the check-up scrolls sideways");
        await AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = Shot("08-assistant-check-up"), FullPage = true });

        Assert.Equal(0, await App.DbAsync(db => db.Appointments.AcrossTenants().CountAsync(a => !db.Leads.AcrossTenants().Any(l => l.Id == a.LeadId && l.IsSample))));
        Assert.False(await App.DbAsync(db => db.ChatMessages.AcrossTenants().AnyAsync(m => m.Content.Contains("Anything Saturday morning"))));
        Assert.Equal(messagesBefore, await App.DbAsync(db => db.ChatMessages.AcrossTenants().CountAsync()));
    }

    private static async Task AssertAccessibleAsync(IPage page)
    {
        var results = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        Assert.True(results.Violations.Length == 0,
            string.Join("\n", results.Violations.Select(v => $"{v.Id}: {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }
}

public sealed class StaffConsoleTests_Sqlite(PostgresServer postgres, BrowserServer browser) : StaffConsoleTests(DatabaseKind.Sqlite, postgres, browser);

public sealed class StaffConsoleTests_Postgres(PostgresServer postgres, BrowserServer browser) : StaffConsoleTests(DatabaseKind.Postgres, postgres, browser);
