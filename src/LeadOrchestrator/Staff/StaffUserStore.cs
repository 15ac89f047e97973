using LeadOrchestrator.Data;
using LeadOrchestrator.Tenants;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Staff;

/// <summary>
/// Identity's own EF Core store over the app's context, with two differences. It reads users across tenants: a
/// sign-in, an invitation or a password reset finds the colleague before any tenant is known (the address is the
/// sign-in name across all of them), and the context's tenant filter would otherwise hide every user. And the
/// tokens it keeps per user — the authenticator key, the recovery codes — are sealed at rest like every other
/// secret (<see cref="SecretBox"/>).
/// </summary>
public sealed class StaffUserStore(AppDbContext db, SecretBox box, IdentityErrorDescriber? describer = null)
    : UserOnlyStore<StaffUser, AppDbContext, Guid>(db, describer)
{
    public override IQueryable<StaffUser> Users => base.Users.AcrossTenants();

    // The base finds by primary key through the set, under the tenant filter.
    public override Task<StaffUser?> FindByIdAsync(string userId, CancellationToken cancellationToken = default) =>
        Guid.TryParse(userId, out var id) ? Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken) : Task.FromResult<StaffUser?>(null);

    public override Task SetTokenAsync(StaffUser user, string loginProvider, string name, string? value, CancellationToken cancellationToken) =>
        base.SetTokenAsync(user, loginProvider, name, box.SealOrNull(value), cancellationToken);

    public override async Task<string?> GetTokenAsync(StaffUser user, string loginProvider, string name, CancellationToken cancellationToken) =>
        box.Open(await base.GetTokenAsync(user, loginProvider, name, cancellationToken));
}
