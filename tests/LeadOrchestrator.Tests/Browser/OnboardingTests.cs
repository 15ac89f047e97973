using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tenants;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LeadOrchestrator.Tests.Browser;

/// <summary>
/// A new shop put on the platform without touching the database, in real Chromium against the fake ShopMonkey: the
/// operator's <c>tenants create</c> emails the owner an invitation; the owner accepts it, connects ShopMonkey with the
/// API key, enables two of its locations, registers the webhook (the fake receives our URL and a secret) and imports the
/// catalog; a front desk of each location joins; a signed webhook for an estimate at the second location makes a lead
/// that the second front desk sees arrive live, and the first front desk never sees. Screenshots go to artifacts/browser/.
/// </summary>
public sealed partial class OnboardingTests(PostgresServer postgres, BrowserServer browser) : IAsyncDisposable
{
    private MessagingHarness? _h;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_h is not null)
            await _h.DisposeAsync();
    }

    private const string Slug = "shine-tint";

    [Fact]
    public async Task ANewShop_IsOnboardedByTheOperatorAndItsOwner_AndEachFrontDeskSeesOnlyTheirLocation()
    {
        var h = _h = await MessagingHarness.StartAsync(DatabaseKind.Sqlite, postgres);
        var fake = h.Intake.ShopMonkey;
        fake.SetLocations([
            Location("sm-north", "Shine Tint North Austin", "(512) 555-0141"),
            Location("sm-south", "Shine Tint South Austin", "(512) 555-0142"),
            Location("sm-west", "Shine Tint Lakeway", "(512) 555-0143"),
        ]);
        Uri At(string path) => new(h.App.Client.BaseAddress!, path);
        string Shot(string name) => BrowserServer.ArtifactPath($"onboarding-{name}.png");

        // The operator.
        using (var output = new StringWriter())
        using (var errors = new StringWriter())
            Assert.True(await TenantCommands.RunAsync(h.App.Services, ["create", "--slug", Slug, "--name", "Shine Tint", "--owner-email", "dana@shine.example"], output, errors) == 0,
                errors.ToString());
        var ownerLink = await InviteLinkAsync(h, "dana@shine.example");

        // The owner, on a laptop-sized tablet.
        await using var tablet = await (await browser.GetAsync()).NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, Locale = "en-US" });
        tablet.SetDefaultTimeout(15_000);
        var owner = await tablet.NewPageAsync();
        await owner.GotoAsync(At(ownerLink).ToString(), new() { Timeout = 30_000 });
        await Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Join Shine Tint", Level = 1 })).ToBeVisibleAsync();
        await owner.GetByLabel("Your name (as colleagues see it)").FillAsync("Dana Shine");
        await owner.GetByLabel("Password", new() { Exact = true }).FillAsync("shine bright like tint");
        await owner.GetByLabel("Type the password again").FillAsync("shine bright like tint");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Join Shine Tint" }).ClickAsync();
        await Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Inbox", Level = 1 })).ToBeVisibleAsync();

        // Connect ShopMonkey: the key, then two of its three locations.
        await owner.GotoAsync(At("/console/settings/shopmonkey").ToString());
        await owner.GetByRole(AriaRole.Textbox, new() { Name = "API key", Exact = true }).FillAsync(FakeShopMonkey.ApiKey);
        await owner.GetByLabel("API address (optional)").FillAsync(fake.BaseUrl.ToString());
        await owner.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
        await Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "ShopMonkey's locations" })).ToBeVisibleAsync();
        await owner.ScreenshotAsync(new() { Path = Shot("01-connected"), FullPage = true });
        foreach (var name in new[] { "Shine Tint North Austin", "Shine Tint South Austin" })
        {
            await owner.GetByRole(AriaRole.Button, new() { Name = $"Enable {name}" }).ClickAsync();
            await Expect(owner.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
            await owner.GotoAsync(At("/console/settings/shopmonkey").ToString());
        }
        await Expect(owner.GetByRole(AriaRole.Link, new() { Name = "Settings of Shine Tint South Austin" })).ToBeVisibleAsync();
        await Expect(owner.GetByRole(AriaRole.Button, new() { Name = "Enable Shine Tint Lakeway" })).ToBeVisibleAsync();

        // The webhook, registered through ShopMonkey's API with our address and a secret of its own; the catalog.
        await owner.GetByRole(AriaRole.Button, new() { Name = "Register the webhook" }).ClickAsync();
        var webhook = await h.App.EventuallyAsync(() => Task.FromResult(fake.Webhooks.Values.SingleOrDefault(w => w["url"]!.ToString().EndsWith($"/webhooks/shopmonkey/{Slug}", StringComparison.Ordinal))),
            because: "the webhook registered at ShopMonkey");
        var secret = webhook["secret"]!.ToString();
        Assert.False(string.IsNullOrEmpty(secret));
        await owner.GetByRole(AriaRole.Button, new() { Name = "Import the catalog now" }).ClickAsync();
        await Expect(owner.GetByRole(AriaRole.Status).Filter(new() { HasText = "service" })).ToBeVisibleAsync();
        await owner.ScreenshotAsync(new() { Path = Shot("02-webhook-and-catalog"), FullPage = true });
        var tenantId = await h.App.DbAsync(db => db.Tenants.Where(t => t.Slug == Slug).Select(t => t.Id).SingleAsync());
        Assert.True(await h.App.DbAsync(db => db.ServiceCatalog.AcrossTenants().AnyAsync(s => s.TenantId == tenantId && s.Bookable)));
        var locations = await h.App.DbAsync(db => db.Locations.AcrossTenants().Where(l => l.TenantId == tenantId).ToDictionaryAsync(l => l.ShopMonkeyLocationId!, l => l.Id));
        Assert.Equal(["sm-north", "sm-south"], locations.Keys.Order());

        // Before going live, the owner sends themself a test lead from the south location's page: its first text and email go now.
        await owner.GotoAsync(At($"/console/settings/locations/{locations["sm-south"]}").ToString());
        var test = owner.GetByRole(AriaRole.Region, new() { Name = "Send me a test lead" });
        await test.GetByLabel("Your mobile number").FillAsync("(512) 555-0190");
        await test.GetByRole(AriaRole.Button, new() { Name = "Send me a test lead" }).ClickAsync();
        await Expect(test.GetByRole(AriaRole.Status)).ToContainTextAsync("Sent: the first text to +15125550190, the first email to dana@shine.example");
        await owner.ScreenshotAsync(new() { Path = Shot("02b-test-lead"), FullPage = true });
        await h.App.EventuallyAsync(async () => await h.App.DbAsync(db => db.MessageDeliveries.AcrossTenants()
            .CountAsync(d => d.TenantId == tenantId && d.LeadId != null && (d.Recipient == "+15125550190" || d.Recipient == "dana@shine.example"))) == 2,
            advance: TimeSpan.FromSeconds(1), because: "the test lead's text and email");

        // A front desk of each location: invited by the owner, each joins in their own browser.
        var desks = new Dictionary<string, IPage>();
        var contexts = new List<IBrowserContext>();
        foreach (var (email, location) in new[] { ("north@shine.example", "sm-north"), ("south@shine.example", "sm-south") })
        {
            var status = await owner.EvaluateAsync<int>(
                "body => fetch('/api/console/users/invitations', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(r => r.status)",
                new { email, role = "front_desk", locationIds = new[] { locations[location] } });
            Assert.Equal(201, status);
            var context = await browser.PhoneAsync(ColorScheme.Light);
            context.SetDefaultTimeout(15_000);
            contexts.Add(context);
            var desk = await context.NewPageAsync();
            await desk.GotoAsync(At(await InviteLinkAsync(h, email)).ToString());
            await desk.GetByLabel("Your name (as colleagues see it)").FillAsync(location == "sm-north" ? "Nora North" : "Sol South");
            await desk.GetByLabel("Password", new() { Exact = true }).FillAsync("front desk at the counter");
            await desk.GetByLabel("Type the password again").FillAsync("front desk at the counter");
            await desk.GetByRole(AriaRole.Button, new() { Name = "Join Shine Tint" }).ClickAsync();
            await Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Inbox", Level = 1 })).ToBeVisibleAsync();
            await desk.GotoAsync(At("/console/leads").ToString());
            await Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Leads", Level = 1 })).ToBeVisibleAsync();
            desks[location] = desk;
        }

        // The north desk's own stream of live events, from here on (the console's named events, collected).
        await desks["sm-north"].EvaluateAsync(
            "types => { window.seen = []; const s = new EventSource('/api/console/events'); for (const t of types) s.addEventListener(t, e => window.seen.push(JSON.parse(e.data))); }",
            new[] { "lead.created", "lead.updated", "message.created", "conversation.updated", "conversation.needs_staff", "appointment.changed" });

        // ShopMonkey reports an estimate at the south location, signed with the secret it was given.
        fake.PutCustomer("cust-quinn", "Quinn", "Harper", "(512) 555-0177", "quinn@example.com");
        var order = fake.PutOrder("order-quinn", h.App.Time.GetUtcNow(), customerId: "cust-quinn", locationId: "sm-south");
        var posted = await h.Intake.PostWebhookAsync(FakeShopMonkey.WebhookBody(order), secret: secret, slug: Slug);
        Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync(Ct));

        // The south desk sees it arrive without reloading; the north desk never does.
        await Expect(desks["sm-south"].GetByText("Quinn Harper").First).ToBeVisibleAsync();
        await desks["sm-south"].ScreenshotAsync(new() { Path = Shot("03-south-desk-sees-the-lead"), FullPage = true });
        var lead = await h.App.DbAsync(db => db.Leads.AcrossTenants().SingleAsync(l => l.ShopMonkeyOrderId == "order-quinn"));
        Assert.Equal((tenantId, locations["sm-south"]), (lead.TenantId, lead.LocationId));
        // Then one at the north location: the north desk sees that one arrive, and its stream, in order, had nothing of Quinn's before it.
        fake.PutCustomer("cust-olive", "Olive", "Park", "(512) 555-0178", "olive@example.com");
        var northOrder = fake.PutOrder("order-olive", h.App.Time.GetUtcNow(), customerId: "cust-olive", locationId: "sm-north");
        Assert.True((await h.Intake.PostWebhookAsync(FakeShopMonkey.WebhookBody(northOrder), secret: secret, slug: Slug)).IsSuccessStatusCode);
        await Expect(desks["sm-north"].GetByText("Olive Park").First).ToBeVisibleAsync();
        var olive = await h.App.DbAsync(db => db.Leads.AcrossTenants().Where(l => l.ShopMonkeyOrderId == "order-olive").Select(l => l.Id).SingleAsync());
        await desks["sm-north"].WaitForFunctionAsync("id => window.seen.some(e => e.leadId === id)", olive.ToString());
        var leadIds = await desks["sm-north"].EvaluateAsync<string?[]>("() => window.seen.map(e => e.leadId)");
        Assert.DoesNotContain(lead.Id.ToString(), leadIds);
        await Expect(desks["sm-south"].GetByText("Olive Park")).ToHaveCountAsync(0);

        await desks["sm-north"].ReloadAsync();
        await Expect(desks["sm-north"].GetByRole(AriaRole.Heading, new() { Name = "Leads", Level = 1 })).ToBeVisibleAsync();
        await Expect(desks["sm-north"].GetByText("Quinn Harper")).ToHaveCountAsync(0);
        var north = await desks["sm-north"].EvaluateAsync<int>($"() => fetch('/api/console/leads/{lead.Id}').then(r => r.status)");
        Assert.Equal(404, north);
        await desks["sm-north"].ScreenshotAsync(new() { Path = Shot("04-north-desk-does-not"), FullPage = true });
        foreach (var context in contexts)
            await context.DisposeAsync();
    }

    private static JsonObject Location(string id, string name, string phone) => new()
    {
        ["id"] = id, ["name"] = name, ["address1"] = "100 Congress Ave", ["city"] = "Austin", ["state"] = "TX", ["postalCode"] = "78701", ["country"] = "US",
        ["timezone"] = "America/Chicago", ["phone"] = phone,
    };

    private static async Task<string> InviteLinkAsync(MessagingHarness h, string email)
    {
        var body = await h.App.EventuallyAsync(() => h.App.DbAsync(db => db.MessageDeliveries.AcrossTenants().AsNoTracking()
            .Where(d => d.Kind == StaffMail.InvitationKind && d.Recipient == email).OrderByDescending(d => d.CreatedAt).Select(d => d.Body).FirstOrDefaultAsync()),
            because: $"the invitation emailed to {email}");
        return InviteLink().Match(body!).Value;
    }

    [GeneratedRegex(@"/console/invite/[A-Za-z0-9_-]+")]
    private static partial Regex InviteLink();
}
