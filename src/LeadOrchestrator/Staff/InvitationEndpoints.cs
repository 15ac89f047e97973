using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Staff;

/// <summary>
/// Inviting colleagues: a manager or owner invites an address with a role and locations
/// (<c>POST /api/console/users/invitations</c>), resends or revokes it; the invitee opens the emailed link
/// (<c>/console/invite/{token}</c>, previewed by <c>GET /api/console/auth/invitations/{token}</c>) and accepts it with
/// their name and a password (<c>POST /api/console/auth/accept-invitation</c>), which makes their account and signs
/// them in. A manager invites only to their own locations and never an owner, as with changing a colleague.
/// </summary>
public static class InvitationEndpoints
{
    /// <param name="Role">owner, manager or front_desk.</param>
    /// <param name="LocationIds">Where they will work; at least one for a manager or front desk, none for an owner.</param>
    public sealed record InvitationRequest(
        [property: Required(ErrorMessage = "Enter their email address."), EmailAddress(ErrorMessage = "That is not an email address."), StringLength(320)] string? Email,
        StaffRole? Role,
        List<Guid>? LocationIds);

    /// <param name="InvitedBy">The colleague who invited (null: the operator, when the tenant was made).</param>
    /// <param name="Expired">The link has ended; resend to give them a new one.</param>
    public sealed record InvitationView(Guid Id, string Email, StaffRole Role, IReadOnlyList<Guid> LocationIds, DateTimeOffset SentAt,
        DateTimeOffset ExpiresAt, string? InvitedBy, bool Expired);

    /// <summary>What the invitee sees before accepting: whose console, which role, where.</summary>
    public sealed record InvitationPreview(string Email, string ShopName, StaffRole Role, IReadOnlyList<string> LocationNames, DateTimeOffset ExpiresAt);

    public sealed record AcceptInvitation(
        [property: Required] string? Token,
        [property: Required(ErrorMessage = "Choose a password."), StringLength(StaffEndpoints.MaxPasswordLength, MinimumLength = StaffEndpoints.MinPasswordLength,
            ErrorMessage = "Between {2} and {1} characters.")] string? Password,
        [property: Required(ErrorMessage = "Enter your name as colleagues will see it."), StringLength(200, MinimumLength = 1)] string? DisplayName);

    public static IEndpointRouteBuilder MapInvitationApi(this IEndpointRouteBuilder app)
    {
        var invitations = app.MapConsoleApi().RequireStaff(StaffPolicies.Manager).MapGroup("/users/invitations");
        invitations.MapPost("/", InviteAsync).WithName("InviteColleague");
        invitations.MapPost("/{invitationId:guid}/resend", ResendAsync).WithName("ResendInvitation");
        invitations.MapDelete("/{invitationId:guid}", RevokeAsync).WithName("RevokeInvitation");

        // Anonymous: the link is the credential. Limited per address like sign-in, so tokens cannot be guessed at speed.
        var auth = app.MapConsoleApi().MapGroup("/auth");
        auth.MapGet("/invitations/{token}", PreviewAsync).WithName("PreviewInvitation").RequireRateLimiting(StaffExtensions.LoginRateLimit);
        auth.MapPost("/accept-invitation", AcceptAsync).WithName("AcceptInvitation").RequireRateLimiting(StaffExtensions.LoginRateLimit).DisableAntiforgery();
        return app;
    }

    internal static async Task<Results<Created<InvitationView>, ValidationProblem, ProblemHttpResult>> InviteAsync(InvitationRequest request, ClaimsPrincipal me,
        AppDbContext db, StaffMail mail, TimeProvider time, CancellationToken ct)
    {
        var role = request.Role ?? StaffRole.FrontDesk;
        if (role == StaffRole.Owner && StaffExtensions.RoleOf(me) != StaffRole.Owner)
            return Problems.Refused(StatusCodes.Status403Forbidden, "owner_only", "Only an owner can invite an owner.");
        var locations = role == StaffRole.Owner ? [] : request.LocationIds?.Distinct().ToList() ?? [];
        if (role != StaffRole.Owner && locations.Count == 0)
            return Problems.Invalid("locationIds", "Choose at least one location they will work at.");
        // The location filter leaves a manager only their own locations to give.
        if (await db.Locations.CountAsync(l => locations.Contains(l.Id), ct) != locations.Count)
            return Problems.Invalid("locationIds", "One of these is not a location you can give.");
        var email = request.Email!.Trim().ToLowerInvariant();
        if (await AlreadyHasAccountAsync(db, email, ct))
            return AlreadyAColleague();

        var now = time.GetUtcNow();
        // A new invitation to the same address replaces one still open: only the newest link works.
        foreach (var open in await db.StaffInvitations.Where(i => i.Email == email && i.AcceptedAt == null && i.RevokedAt == null).ToListAsync(ct))
            open.RevokedAt = now;
        var (token, hash) = StaffInvitation.NewToken();
        var inviterId = Guid.Parse(me.FindFirstValue(ClaimTypes.NameIdentifier)!);
        var invitation = new StaffInvitation
        {
            Id = Guid.CreateVersion7(now), TenantId = db.CurrentTenantId!.Value, Email = email, Role = role, LocationIds = locations, TokenHash = hash,
            InvitedByUserId = inviterId, CreatedAt = now, SentAt = now, ExpiresAt = now + StaffInvitation.Lifetime,
        };
        db.StaffInvitations.Add(invitation);
        var message = await mail.InvitationAsync(invitation, token, me.FindFirstValue(ClaimTypes.Name), ct);
        await db.SaveChangesAsync(ct);
        await mail.SendAsync(message, ct);
        return TypedResults.Created($"/api/console/users/invitations/{invitation.Id}", View(invitation, me.FindFirstValue(ClaimTypes.Name), now));
    }

    /// <summary>A new link (the old one stops working) with a new week, emailed again.</summary>
    internal static async Task<Results<Ok<InvitationView>, NotFound, ProblemHttpResult>> ResendAsync(Guid invitationId, ClaimsPrincipal me, AppDbContext db,
        StaffMail mail, TimeProvider time, CancellationToken ct)
    {
        var (invitation, refusal) = await ManageableAsync(invitationId, me, db, ct);
        if (invitation is null)
            return refusal is null ? TypedResults.NotFound() : refusal;
        if (await AlreadyHasAccountAsync(db, invitation.Email, ct))
            return AlreadyAColleague();
        var now = time.GetUtcNow();
        var (token, hash) = StaffInvitation.NewToken();
        (invitation.TokenHash, invitation.SentAt, invitation.ExpiresAt) = (hash, now, now + StaffInvitation.Lifetime);
        var message = await mail.InvitationAsync(invitation, token, me.FindFirstValue(ClaimTypes.Name), ct);
        await db.SaveChangesAsync(ct);
        await mail.SendAsync(message, ct);
        return TypedResults.Ok(View(invitation, await InviterNameAsync(db, invitation, ct), now));
    }

    internal static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RevokeAsync(Guid invitationId, ClaimsPrincipal me, AppDbContext db,
        TimeProvider time, CancellationToken ct)
    {
        var (invitation, refusal) = await ManageableAsync(invitationId, me, db, ct);
        if (invitation is null)
            return refusal is null ? TypedResults.NotFound() : refusal;
        invitation.RevokedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<InvitationPreview>, ProblemHttpResult>> PreviewAsync(string token, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var (invitation, refusal) = await OpenAsync(db, token, time, ct);
        if (invitation is null)
            return refusal!;
        var shop = await db.Tenants.AcrossTenants().Where(t => t.Id == invitation.TenantId).Select(t => t.Name).SingleAsync(ct);
        var names = await db.Locations.AcrossTenants().Where(l => l.TenantId == invitation.TenantId && invitation.LocationIds.Contains(l.Id))
            .OrderBy(l => l.Name).Select(l => l.Name).ToListAsync(ct);
        return TypedResults.Ok(new InvitationPreview(invitation.Email, shop, invitation.Role, names, invitation.ExpiresAt));
    }

    /// <summary>
    /// The account is made with Identity (its password rules, its hash) together with the colleague's locations and the
    /// invitation's acceptance, in one save; then they are signed in. Two tabs accepting at once: one wins, the other
    /// is told the link has been used.
    /// </summary>
    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> AcceptAsync(AcceptInvitation request, HttpContext http, AppDbContext db,
        StaffUserManager users, IUserStore<StaffUser> store, TenantContext tenant, StaffSessions sessions, TimeProvider time, CancellationToken ct)
    {
        var (invitation, refusal) = await OpenAsync(db, request.Token!, time, ct);
        if (invitation is null)
            return refusal!;
        if (await AlreadyHasAccountAsync(db, invitation.Email, ct))
            return AlreadyAColleague();

        var now = time.GetUtcNow();
        var user = new StaffUser
        {
            Id = Guid.CreateVersion7(now), TenantId = invitation.TenantId, Email = invitation.Email, UserName = invitation.Email, DisplayName = CleanText.Clean(request.DisplayName!).Trim(),
            Role = invitation.Role, EmailConfirmed = true, CreatedAt = now,
        };
        if (user.DisplayName.Length == 0)
            return Problems.Invalid("displayName", "Enter your name as colleagues will see it.");
        tenant.Set(invitation.TenantId);
        tenant.ActingUserId = user.Id; // the audit log's maker of the acceptance: the new colleague
        // One save for the account, its locations and the acceptance (Identity would otherwise save the account alone).
        ((StaffUserStore)store).AutoSaveChanges = false;
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded)
        {
            db.ChangeTracker.Clear();
            return created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName))
                ? AlreadyAColleague() : PasswordRules.Problem(created, "password");
        }
        db.StaffLocations.AddRange(invitation.LocationIds.Select(l => new StaffLocation { TenantId = user.TenantId, UserId = user.Id, LocationId = l }));
        (invitation.AcceptedAt, invitation.AcceptedUserId) = (now, user.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is DbUpdateConcurrencyException || (e is DbUpdateException u && DbErrors.IsUniqueViolation(u)))
        {
            return Problems.Refused(StatusCodes.Status410Gone, "invitation_used", "This invitation has been used; sign in with its address.");
        }
        await sessions.SignInAsync(http, user, ct);
        return TypedResults.NoContent();
    }

    /// <summary>The open invitation a link names, or why not: unknown (404), used, revoked or ended (410), each in words.</summary>
    private static async Task<(StaffInvitation? Invitation, ProblemHttpResult? Refusal)> OpenAsync(AppDbContext db, string token, TimeProvider time, CancellationToken ct)
    {
        var hash = StaffInvitation.HashOf(token.Trim());
        // Cross-tenant on purpose: the link names the invitation, and the invitation its tenant.
        var invitation = token.Length is > 0 and <= 100 ? await db.StaffInvitations.AcrossTenants().FirstOrDefaultAsync(i => i.TokenHash == hash, ct) : null;
        ProblemHttpResult Gone(string code, string words) => Problems.Refused(StatusCodes.Status410Gone, code, words);
        return invitation switch
        {
            null => (null, Problems.Refused(StatusCodes.Status404NotFound, "invitation_not_found",
                "This invitation link is not one we know. Check that the whole link was copied, or ask for a new invitation.")),
            { AcceptedAt: not null } => (null, Gone("invitation_used", "This invitation has been used; sign in with its address.")),
            { RevokedAt: not null } => (null, Gone("invitation_revoked", "This invitation was withdrawn (or replaced by a newer one); ask for a new one.")),
            _ when invitation.ExpiresAt <= time.GetUtcNow() => (null, Gone("invitation_expired", "This invitation has expired; ask whoever invited you to send it again.")),
            _ => (invitation, null),
        };
    }

    /// <summary>
    /// An open invitation the signed-in colleague may manage, or why not: another tenant's or one outside a manager's
    /// locations is not found; an owner's invitation is an owner's to manage.
    /// </summary>
    private static async Task<(StaffInvitation? Invitation, ProblemHttpResult? Refusal)> ManageableAsync(Guid id, ClaimsPrincipal me, AppDbContext db, CancellationToken ct)
    {
        var invitation = await db.StaffInvitations.FirstOrDefaultAsync(i => i.Id == id && i.AcceptedAt == null && i.RevokedAt == null, ct);
        if (invitation is null || (db.CurrentLocationIds is { } scope && !invitation.LocationIds.All(scope.Contains)))
            return (null, null);
        if (invitation.Role == StaffRole.Owner && StaffExtensions.RoleOf(me) != StaffRole.Owner)
            return (null, Problems.Refused(StatusCodes.Status403Forbidden, "owner_only", "Only an owner can change an owner's invitation."));
        return (invitation, null);
    }

    /// <summary>The open invitations the signed-in colleague may manage, newest first (for the colleagues list).</summary>
    internal static async Task<List<InvitationView>> PendingAsync(AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var open = await db.StaffInvitations.AsNoTracking().Where(i => i.AcceptedAt == null && i.RevokedAt == null).OrderByDescending(i => i.SentAt).ToListAsync(ct);
        if (db.CurrentLocationIds is { } scope)
            open = [.. open.Where(i => i.Role != StaffRole.Owner && i.LocationIds.All(scope.Contains))];
        var inviters = open.Select(i => i.InvitedByUserId).OfType<Guid>().Distinct().ToList();
        var names = await db.Users.Where(u => inviters.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var now = time.GetUtcNow();
        return [.. open.Select(i => View(i, i.InvitedByUserId is { } by ? names.GetValueOrDefault(by) : null, now))];
    }

    private static async Task<string?> InviterNameAsync(AppDbContext db, StaffInvitation invitation, CancellationToken ct) =>
        invitation.InvitedByUserId is { } by ? await db.Users.Where(u => u.Id == by).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) : null;

    // Cross-tenant on purpose: an address signs in to one tenant only.
    private static Task<bool> AlreadyHasAccountAsync(AppDbContext db, string email, CancellationToken ct) =>
        db.Users.AcrossTenants().AnyAsync(u => u.Email == email, ct);

    private static ProblemHttpResult AlreadyAColleague() => Problems.Refused(StatusCodes.Status409Conflict, "already_a_colleague",
        "This address already has a Lead Orchestrator account; they sign in with it (an address belongs to one shop's console).");

    private static InvitationView View(StaffInvitation i, string? invitedBy, DateTimeOffset now) =>
        new(i.Id, i.Email, i.Role, i.LocationIds, i.SentAt, i.ExpiresAt, invitedBy, i.ExpiresAt <= now);
}
