using System.Globalization;
using System.Text.RegularExpressions;
using LeadOrchestrator.Audit;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tenants;

/// <summary>
/// The operator's commands, run where the app is deployed (the database migrated first, so they work on a fresh one):
/// <c>tenants create --slug &lt;slug&gt; --name &lt;name&gt; --owner-email &lt;email&gt;</c> makes a shop's tenant and
/// invites its owner — the link printed, and emailed through the platform's email channel (the outbox when none is
/// configured) — and <c>tenants list</c> shows every tenant with its locations, people and health. A refusal is said in
/// words on stderr with exit code 2, and leaves nothing made.
/// </summary>
public static partial class TenantCommands
{
    public const int Refused = 2;

    public static Task<int> RunTenantCommandAsync(this WebApplication app, string[] args, TextWriter output, TextWriter errors) =>
        RunAsync(app.Services, args, output, errors);

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter errors)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        switch (args)
        {
            case ["create", .. var rest]:
                return await CreateAsync(scope.ServiceProvider, Options(rest), output, errors);
            case ["list"]:
                return await ListAsync(scope.ServiceProvider, output);
            default:
                await errors.WriteLineAsync("Usage: tenants create --slug <slug> --name <name> --owner-email <email>\n       tenants list");
                return Refused;
        }
    }

    private static async Task<int> CreateAsync(IServiceProvider services, Dictionary<string, string> options, TextWriter output, TextWriter errors)
    {
        var slug = options.GetValueOrDefault("slug")?.Trim().ToLowerInvariant() ?? "";
        var name = Common.CleanText.Clean(options.GetValueOrDefault("name") ?? "").Trim();
        var email = options.GetValueOrDefault("owner-email")?.Trim().ToLowerInvariant() ?? "";
        var problems = new List<string>();
        if (!SlugRule().IsMatch(slug))
            problems.Add("--slug: 2 to 40 lower-case letters, digits and dashes, starting with a letter (it appears in the shop's webhook address).");
        if (name.Length is 0 or > 200)
            problems.Add("--name: the shop's or franchise's name, up to 200 characters.");
        if (!System.Net.Mail.MailAddress.TryCreate(email, out var address) || address.Address != email || email.Length > 320)
            problems.Add("--owner-email: the owner's email address.");
        var db = services.GetRequiredService<AppDbContext>();
        if (slug.Length > 0 && await db.Tenants.AnyAsync(t => t.Slug == slug))
            problems.Add($"--slug: a tenant '{slug}' already exists (tenants list shows them).");
        if (email.Length > 0 && await db.Users.AcrossTenants().AnyAsync(u => u.Email == email))
            problems.Add($"--owner-email: {email} already has an account (an address belongs to one tenant's console).");
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
                await errors.WriteLineAsync(problem);
            return Refused;
        }

        var time = services.GetRequiredService<TimeProvider>();
        var now = time.GetUtcNow();
        var tenant = new Tenant { Id = Guid.CreateVersion7(now), Slug = slug, Name = name, CreatedAt = now };
        var context = services.GetRequiredService<TenantContext>();
        context.Set(tenant.Id);
        using var operatorActs = context.ActingAs(AuditActorType.Operator);
        var (token, hash) = StaffInvitation.NewToken();
        var invitation = new StaffInvitation
        {
            Id = Guid.CreateVersion7(now), TenantId = tenant.Id, Email = email, Role = StaffRole.Owner, TokenHash = hash,
            CreatedAt = now, SentAt = now, ExpiresAt = now + StaffInvitation.Lifetime,
        };
        db.Tenants.Add(tenant);
        db.StaffInvitations.Add(invitation);
        var mail = services.GetRequiredService<StaffMail>();
        var message = await mail.InvitationAsync(invitation, token, null, CancellationToken.None);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            await errors.WriteLineAsync($"--slug: a tenant '{slug}' was made a moment ago by someone else.");
            return Refused;
        }
        await mail.SendAsync(message, CancellationToken.None);
        await output.WriteLineAsync($"Created tenant '{slug}' ({name}), id {tenant.Id}.");
        await output.WriteLineAsync($"Invited {email} as its owner; the invitation was emailed ({Common.EnumNames.Of(message.Delivery.Status)}, via {message.Delivery.Provider}) and works once, until {invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC:");
        await output.WriteLineAsync(mail.InvitationLink(token).ToString());
        await output.WriteLineAsync("The owner sets a password there, then connects ShopMonkey and adds the shop's locations in the console.");
        return 0;
    }

    private static async Task<int> ListAsync(IServiceProvider services, TextWriter output)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var tenants = await db.Tenants.AsNoTracking().OrderBy(t => t.Slug).ToListAsync();
        // Cross-tenant on purpose: the operator's view of every tenant.
        var locations = (await db.Locations.AcrossTenants().AsNoTracking().Select(l => new { l.TenantId, l.Name }).ToListAsync()).ToLookup(l => l.TenantId, l => l.Name);
        var people = (await db.Users.AcrossTenants().Where(u => u.DeactivatedAt == null).GroupBy(u => new { u.TenantId, Owner = u.Role == StaffRole.Owner })
            .Select(g => new { g.Key.TenantId, g.Key.Owner, Count = g.Count() }).ToListAsync()).ToLookup(p => p.TenantId);
        var invited = (await db.StaffInvitations.AcrossTenants().Where(i => i.AcceptedAt == null && i.RevokedAt == null).GroupBy(i => i.TenantId)
            .Select(g => new { TenantId = g.Key, Count = g.Count() }).ToListAsync()).ToDictionary(i => i.TenantId, i => i.Count);
        var connected = await db.TenantCrmConfigs.AcrossTenants().Where(c => c.ApiKeySealed != null).Select(c => c.TenantId).ToListAsync();
        var webhooks = (await db.InboundEvents.AcrossTenants().GroupBy(e => e.TenantId).Select(g => new { TenantId = g.Key, Last = g.Max(e => e.ReceivedAt) }).ToListAsync())
            .ToDictionary(e => e.TenantId, e => (DateTimeOffset?)e.Last);
        var polls = (await db.CrmSyncStates.AcrossTenants().AsNoTracking().ToListAsync()).ToDictionary(p => p.TenantId);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();

        if (tenants.Count == 0)
        {
            await output.WriteLineAsync("No tenants yet. Make one: tenants create --slug <slug> --name <name> --owner-email <email>");
            return 0;
        }
        foreach (var t in tenants)
        {
            var who = people[t.Id].ToList();
            var poll = polls.GetValueOrDefault(t.Id);
            var names = locations[t.Id].Order().ToList();
            await output.WriteLineAsync($"{t.Slug}  {t.Name}  (since {t.CreatedAt:yyyy-MM-dd})");
            await output.WriteLineAsync($"  locations: {(names.Count == 0 ? "none yet" : $"{names.Count} — {string.Join(", ", names.Take(10))}{(names.Count > 10 ? ", …" : "")}")}");
            await output.WriteLineAsync($"  people: {who.Where(p => p.Owner).Sum(p => p.Count)} owner(s), {who.Where(p => !p.Owner).Sum(p => p.Count)} colleague(s), {invited.GetValueOrDefault(t.Id)} invitation(s) waiting");
            await output.WriteLineAsync($"  ShopMonkey: {(connected.Contains(t.Id) ? "connected" : "not connected")}; last webhook {Ago(webhooks.GetValueOrDefault(t.Id), now)}; "
                + $"last poll {Ago(poll?.LastPollSucceededAt, now)}{(poll?.LastPollError is { Length: > 0 } error ? $" (last error: {error})" : "")}");
        }
        return 0;
    }

    private static string Ago(DateTimeOffset? at, DateTimeOffset now) => at is not { } when ? "never"
        : (now - when) switch
        {
            var d when d < TimeSpan.FromMinutes(1) => "just now",
            var d when d < TimeSpan.FromHours(1) => $"{(int)d.TotalMinutes} min ago",
            var d when d < TimeSpan.FromDays(2) => $"{(int)d.TotalHours} h ago",
            var d => $"{(int)d.TotalDays} days ago",
        } + $" ({when.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC)";

    /// <summary><c>--name value</c> pairs (a value may be several words when quoted by the shell).</summary>
    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
            if (args[i].StartsWith("--", StringComparison.Ordinal))
                options[args[i][2..]] = args[i + 1];
        return options;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{1,39}$")]
    private static partial Regex SlugRule();
}
