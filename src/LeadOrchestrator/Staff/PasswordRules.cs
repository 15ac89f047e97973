using Microsoft.AspNetCore.Identity;

namespace LeadOrchestrator.Staff;

/// <summary>
/// What a colleague's password must be, beyond Identity's length and variety rules (12 characters or more, four
/// different ones; no demanded digits or capitals, which push people to "Password1!"): not one of the 10,000 most
/// common passwords, nor one of them with digits or symbols stuck on ("dragon2024!!", "password1234"), and not their
/// own address. Said in words, as Identity's errors are, so the console shows them as they are.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<StaffUser>
{
    public const string CommonCode = "PasswordTooCommon";
    public const string OwnAddressCode = "PasswordIsAddress";
    public const string TooLongCode = "PasswordTooLong";

    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<StaffUser> manager, StaffUser user, string? password)
    {
        var lower = (password ?? "").ToLowerInvariant();
        if (lower.Length > StaffEndpoints.MaxPasswordLength)
            return Refused(TooLongCode, $"Passwords must be at most {StaffEndpoints.MaxPasswordLength} characters.");
        var core = lower.Trim(" 0123456789!@#$%^&*()-_=+.,?~`'\"".ToCharArray());
        if (IsCommon(lower) || (core.Length >= 4 && IsCommon(core)))
            return Refused(CommonCode, "This password is one of the most common ones; choose one that is yours alone (a few unrelated words work well).");
        var name = user.Email is { } email && email.IndexOf('@') is > 3 and var at ? email[..at].ToLowerInvariant() : null;
        if (name is not null && (lower.Contains(name, StringComparison.Ordinal) || lower == user.Email))
            return Refused(OwnAddressCode, "A password must not contain your email address.");
        return Task.FromResult(IdentityResult.Success);
    }

    /// <summary>On the list: as it is, or repeated to reach the length ("passwordpassword").</summary>
    public static bool IsCommon(string lower) =>
        Common.Value.Contains(lower) || (lower.Length % 2 == 0 && lower[..(lower.Length / 2)] == lower[(lower.Length / 2)..] && Common.Value.Contains(lower[..(lower.Length / 2)]));

    private static Task<IdentityResult> Refused(string code, string words) =>
        Task.FromResult(IdentityResult.Failed(new IdentityError { Code = code, Description = words }));

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is not in the assembly.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && line[0] != '#')
                set.Add(line);
        return set;
    }
}

/// <summary>Identity's refusals of a password (or of an account), as the console's 400 problem on one field.</summary>
public static class PasswordRules
{
    public static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem Problem(IdentityResult result, string field) =>
        Common.Problems.Invalid(new Dictionary<string, string[]> { [field] = [.. result.Errors.Select(e => e.Description).Distinct()] });
}
