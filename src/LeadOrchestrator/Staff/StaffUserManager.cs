using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Staff;

/// <summary>
/// Identity's user manager, on the app's clock: Identity counts failures and locks out by the machine's clock, so a
/// lockout could not be seen to end in a test that moves time. The rule is Identity's own — after
/// <see cref="LockoutOptions.MaxFailedAccessAttempts"/> failures in a row the account is locked for
/// <see cref="LockoutOptions.DefaultLockoutTimeSpan"/> and the count starts again — only the clock is the injected one.
/// </summary>
public sealed class StaffUserManager(IUserStore<StaffUser> store, IOptions<IdentityOptions> options, IPasswordHasher<StaffUser> hasher,
    IEnumerable<IUserValidator<StaffUser>> userValidators, IEnumerable<IPasswordValidator<StaffUser>> passwordValidators, ILookupNormalizer normalizer,
    IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<StaffUser>> logger, TimeProvider time)
    : UserManager<StaffUser>(store, options, hasher, userValidators, passwordValidators, normalizer, errors, services, logger)
{
    public override Task<bool> IsLockedOutAsync(StaffUser user) =>
        Task.FromResult(user.LockoutEnabled && user.LockoutEnd is { } end && end > time.GetUtcNow());

    public override Task<IdentityResult> AccessFailedAsync(StaffUser user)
    {
        ThrowIfDisposed();
        if (++user.AccessFailedCount >= Options.Lockout.MaxFailedAccessAttempts && user.LockoutEnabled)
            (user.LockoutEnd, user.AccessFailedCount) = (time.GetUtcNow() + Options.Lockout.DefaultLockoutTimeSpan, 0);
        return UpdateAsync(user);
    }

    /// <summary>The signed-in colleague's account (the session's user id; the store reads across tenants).</summary>
    public async Task<StaffUser> GetStaffAsync(System.Security.Claims.ClaimsPrincipal principal) =>
        await GetUserAsync(principal) ?? throw new InvalidOperationException("A signed-in colleague's account is missing.");
}
