using System.Net.Mail;
using LeadOrchestrator.ShopMonkey;
using PhoneNumbers;

namespace LeadOrchestrator.Leads;

/// <summary>Picks and normalizes a customer's phone (E.164, libphonenumber) and email from ShopMonkey's arrays.</summary>
public static class ContactNormalizer
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>E.164 for a valid number, else null. <paramref name="region"/> is the shop's country for national formats.</summary>
    public static string? ToE164(string? raw, string region = "US")
    {
        if (string.IsNullOrWhiteSpace(raw))
            return null;
        try
        {
            var number = Phones.Parse(raw, region);
            return Phones.IsValidNumber(number) ? Phones.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>The best textable number: primary mobile first, then primary, then any mobile, then the rest.</summary>
    public static string? BestPhone(IEnumerable<SmPhoneNumber>? numbers, string region)
    {
        var ordered = (numbers ?? [])
            .OrderByDescending(n => n.Primary == true && IsMobile(n))
            .ThenByDescending(n => n.Primary == true)
            .ThenByDescending(IsMobile);
        return ordered.Select(n => ToE164(n.Number, n.Country ?? region)).FirstOrDefault(e164 => e164 is not null);
    }

    public static string? BestEmail(IEnumerable<SmEmail>? emails) =>
        (emails ?? [])
            .OrderByDescending(e => e.Primary == true)
            .Select(e => NormalizeEmail(e.Email))
            .FirstOrDefault(e => e is not null);

    public static string? NormalizeEmail(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw) || !MailAddress.TryCreate(raw.Trim(), out var address) || address.DisplayName.Length > 0)
            return null;
        // Lower-cased whole: no mail system in use treats the local part's case as meaningful, and
        // opt-outs must match however the address was typed.
        return address.Address.ToLowerInvariant();
    }

    private static bool IsMobile(SmPhoneNumber n) => string.Equals(n.Type, "Mobile", StringComparison.OrdinalIgnoreCase);
}
