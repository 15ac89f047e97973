using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Sandbox;
using LeadOrchestrator.Tests.Demo;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadOrchestrator.Tests.Browser;

/// <summary>
/// A Spanish-speaking customer in real Chromium, on the run command's setup: they write in Spanish on their chat page
/// and ask for a person; the page they open again is Spanish; the front desk sees "Español" beside their name, reads
/// the thread marked as Spanish, and can switch the customer back to English in one tap. Both screens axe clean.
/// </summary>
public abstract partial class SpanishBrowserTests(DatabaseKind kind, PostgresServer postgres, BrowserServer browser) : IAsyncLifetime
{
    private const string OwnerEmail = "owner@tintworld.example";
    private const string OwnerPassword = "spanish-test-password";

    private TestApp App { get; set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        App = TestApp.Start(await TestDatabase.CreateAsync(kind, postgres), new FakeTimeProvider(TestApp.DefaultStart),
            new Dictionary<string, string?>(DemoSandboxTests.DemoOn) { ["Demo:StaffPassword"] = OwnerPassword });

    public async ValueTask DisposeAsync() => await App.DisposeAsync();

    [GeneratedRegex(@"/c/([A-Za-z0-9_-]{44})")]
    private static partial Regex ChatLink();

    private string Shot(string name) => BrowserServer.ArtifactPath($"spanish-{kind.ToString().ToLowerInvariant()}-{name}.png");

    private Uri At(string path) => new(App.Client.BaseAddress!, path);

    [Fact]
    public async Task ASpanishSpeakingCustomer_GetsASpanishPage_AndTheFrontDeskSeesItAtAGlance()
    {
        var order = await App.Client.PostAsJsonAsync("/sandbox/shopmonkey/orders", new
        {
            firstName = "Lucía", lastName = "Herrera", phone = "(512) 555-0177", email = "lucia@example.com", service = "Ceramic Window Tint - Full Sedan",
            vehicleYear = 2021, vehicleMake = "Toyota", vehicleModel = "RAV4",
        }, Ct);
        order.EnsureSuccessStatusCode();
        var sms = await App.EventuallyAsync(async () =>
            (await App.Client.GetFromJsonAsync<List<SandboxMessagingEndpoints.OutboxMessage>>("/sandbox/outbox", ApiJson.Options, Ct))!.FirstOrDefault(m => m.Channel == Channel.Sms),
            deadline: TimeSpan.FromSeconds(10));
        var link = At(ChatLink().Match(sms.Body).Value).ToString();

        await using var phone = await browser.PhoneAsync();
        phone.SetDefaultTimeout(10_000);
        var page = await phone.NewPageAsync();
        await page.GotoAsync(link);
        await page.GetByLabel("Your message").FillAsync("Hola, ¿cuánto cuesta el polarizado cerámico? ¿Puedo hablar con una persona?");
        await page.GetByLabel("Your message").PressAsync("Enter");
        await Expect(page.Locator("li[data-role=assistant]:not([data-streaming])").Last).ToContainTextAsync("$");
        var leadId = sms.LeadId!.Value;
        var lead = await App.DbAsync(db => db.Leads.AcrossTenants().AsNoTracking().SingleAsync(l => l.Id == leadId));
        Assert.Equal((LeadLanguage.Spanish, LanguageSource.Detected), (lead.Language, lead.LanguageSource));

        // Opened again, the page speaks Spanish: its language, its words, its hours, its picker.
        await page.ReloadAsync();
        Assert.Equal("es", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        await Expect(page.GetByLabel("Su mensaje")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Enviar" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ver horarios disponibles" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Radio).First).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = Shot("01-chat-page"), FullPage = true });

        // The front desk, on a tablet: the tag beside her name, the thread marked Spanish.
        await using var tablet = await (await browser.GetAsync()).NewContextAsync(new()
        {
            ViewportSize = new() { Width = 1024, Height = 768 }, HasTouch = true, Locale = "en-US",
        });
        tablet.SetDefaultTimeout(10_000);
        var desk = await tablet.NewPageAsync();
        await desk.GotoAsync(At("/console/sign-in").ToString());
        await desk.GetByLabel("Email").FillAsync(OwnerEmail);
        await desk.GetByLabel("Password").FillAsync(OwnerPassword);
        await desk.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var row = desk.Locator("ul.conversations li").Filter(new() { HasText = "Lucía Herrera" });
        await Expect(row).ToContainTextAsync("Español");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        var messages = desk.GetByRole(AriaRole.List, new() { Name = "Messages" });
        await Expect(messages).ToContainTextAsync("¿cuánto cuesta el polarizado cerámico?");
        await Expect(messages.Locator("[lang=es]").Filter(new() { HasText = "¿cuánto cuesta" })).ToHaveCountAsync(1);
        await AssertAccessibleAsync(desk);
        await desk.ScreenshotAsync(new() { Path = Shot("02-console-thread") });

        // Her lead's page says where the language came from, and one tap sets it back to English.
        await desk.GotoAsync(At($"/console/leads/{leadId}").ToString());
        var language = desk.GetByRole(AriaRole.Group, new() { Name = "Language" });
        await Expect(desk.GetByText("From their messages")).ToBeVisibleAsync();
        await AssertAccessibleAsync(desk);
        await desk.ScreenshotAsync(new() { Path = Shot("03-console-lead") });
        await language.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(desk.GetByText("Set by staff")).ToBeVisibleAsync();
        Assert.Equal((LeadLanguage.English, LanguageSource.Staff),
            await App.DbAsync(db => db.Leads.AcrossTenants().Where(l => l.Id == leadId).Select(l => new ValueTuple<string, LanguageSource>(l.Language, l.LanguageSource)).SingleAsync()));
        await page.ReloadAsync();
        Assert.Equal("en", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        await Expect(page.GetByLabel("Your message")).ToBeVisibleAsync();
    }

    private static async Task AssertAccessibleAsync(IPage page)
    {
        var results = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        Assert.True(results.Violations.Length == 0,
            string.Join("\n", results.Violations.Select(v => $"{v.Id}: {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }
}

public sealed class SpanishBrowserTests_Sqlite(PostgresServer postgres, BrowserServer browser) : SpanishBrowserTests(DatabaseKind.Sqlite, postgres, browser);

public sealed class SpanishBrowserTests_Postgres(PostgresServer postgres, BrowserServer browser) : SpanishBrowserTests(DatabaseKind.Postgres, postgres, browser);
