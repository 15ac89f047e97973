using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Fluid;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Tenants;
using PhoneNumbers;

namespace LeadOrchestrator.Messaging.Templates;

/// <summary>What a template can use. Liquid names: first_name, vehicle, service, chat_link, unsubscribe_link, shop.name/phone/address/hours.</summary>
public sealed record MessageModel(
    string? FirstName,
    string? Vehicle,
    string? Service,
    string ShopName,
    string ShopPhone,
    string ShopAddress,
    string ShopHours,
    Uri ChatLink,
    Uri? UnsubscribeLink,
    string Language = LeadLanguage.English)
{
    /// <summary>A lead with long values, for checking a template's size before it is stored.</summary>
    public static readonly MessageModel Sample = new(
        "Maximilian-Alexander",
        "2024 Mercedes-Benz GLE 450 4MATIC Coupe AMG Line",
        "Ceramic Window Tint - Full SUV with Windshield Strip and Sunroof",
        "Tint World Round Rock North",
        "(512) 555-0142",
        "1234 North Interstate Highway 35 Frontage Road, Suite 100, Round Rock, TX 78664",
        "Mon-Fri 8am-6pm, Sat 9am-3pm",
        new Uri("https://chat.example.com/c/eyJhbGciOiJIUzI1NiJ9.eyJsIjoiMDE5YWJjZGUtZjAxMi03MzQ1LTg5YWItY2RlZjAxMjM0NTY3In0.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"),
        new Uri("https://chat.example.com/u/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEfGh"));

    /// <summary>The lead's facts in <paramref name="language"/> (the wording's: the lead's own unless it falls back to English).</summary>
    public static MessageModel For(Lead lead, Location location, Uri chatLink, Uri? unsubscribeLink, string? language = null) => new(
        lead.FirstName,
        lead.VehicleDescription,
        lead.EstimateName,
        location.Name,
        ShopText.DisplayPhone(location.Phone),
        ShopText.PostalAddress(location),
        ShopText.WeeklyHours(location.Hours, language ?? lead.Language),
        chatLink,
        unsubscribeLink,
        language ?? lead.Language);

    public bool IsSpanish => Language == LeadLanguage.Spanish;
}

public sealed record RenderedEmail(string Subject, string Text, string Html);

/// <summary>
/// Renders Liquid templates (Fluid). Values go in unescaped, then the email's HTML part is built by
/// escaping the whole text and linking its URLs, so nothing in a template or a value becomes markup.
/// Every marketing email gets the shop's postal address and an unsubscribe link in its footer.
/// </summary>
public static partial class MessageTemplates
{
    private static readonly FluidParser Parser = new();
    private static readonly ConcurrentDictionary<string, IFluidTemplate> Parsed = new(StringComparer.Ordinal);
    private static readonly TemplateOptions Options = TemplateRules.Options();

    /// <summary>Checks a template before it is stored: it parses and keeps to <see cref="TemplateRules"/>; the error says what is wrong.</summary>
    public static bool TryParse(string source, out string? error)
    {
        error = Parser.TryParse(source, out var template, out var message) ? TemplateRules.Check(template) : $"Not a valid Liquid template: {message}";
        return error is null;
    }

    /// <summary>
    /// Checks a step's wording before it is stored: it parses, keeps to the rules, and rendered for a
    /// sample lead (long name, vehicle and links, the first text's additions) fits the size limits.
    /// </summary>
    public static string? Validate(Cadence.Channel channel, string? subject, string body, string language = LeadLanguage.English)
    {
        if (!TryParse(body, out var error) || (subject is not null && !TryParse(subject, out error)))
            return error;
        var sample = MessageModel.Sample with { Language = language };
        try
        {
            return channel == Cadence.Channel.Sms
                ? SmsTooLong(Outbound.FirstTextRules(RenderSms(body, sample), sample.ShopName, language))
                : EmailTooLarge(RenderEmail(subject ?? "", body, sample));
        }
        catch (InvalidOperationException e)
        {
            return $"The template does not render: {e.Message}";
        }
    }

    /// <summary>Why this text is too long to send, or null (<see cref="TemplateRules.MaxSmsSegments"/>).</summary>
    public static string? SmsTooLong(string body) =>
        SmsText.Measure(body).Segments is var segments and > TemplateRules.MaxSmsSegments
            ? $"too_long: the text would be {segments} SMS segments; at most {TemplateRules.MaxSmsSegments}"
            : null;

    /// <summary>Why this email is too large to send, or null (<see cref="TemplateRules.MaxEmailBytes"/>).</summary>
    public static string? EmailTooLarge(RenderedEmail email) =>
        Encoding.UTF8.GetByteCount(email.Subject) + Encoding.UTF8.GetByteCount(email.Text) + Encoding.UTF8.GetByteCount(email.Html) is var bytes
            and > TemplateRules.MaxEmailBytes
            ? $"too_long: the email would be {bytes / 1024} KB; at most {TemplateRules.MaxEmailBytes / 1024} KB"
            : null;

    public static string RenderSms(string template, MessageModel model) => SmsText.Normalize(Render(template, model));

    public static RenderedEmail RenderEmail(string subjectTemplate, string bodyTemplate, MessageModel model) =>
        ComposeEmail(Render(subjectTemplate, model), Render(bodyTemplate, model), model);

    /// <summary>An email from finished text (no Liquid): the same escaping, links and footer as a rendered one.</summary>
    public static RenderedEmail ComposeEmail(string subject, string body, MessageModel model)
    {
        subject = subject.ReplaceLineEndings(" ").Trim();
        body = body.Trim();
        var footer = new StringBuilder()
            .AppendLine("--")
            .AppendLine(model.ShopName)
            .AppendLine(model.ShopAddress)
            .AppendLine(model.ShopPhone);
        if (model.UnsubscribeLink is { } unsubscribe)
            footer.Append(model.IsSpanish ? "Darse de baja: " : "Unsubscribe: ").Append(unsubscribe);
        var text = body + "\n\n" + footer.ToString().TrimEnd();

        var html = new StringBuilder("<!doctype html><html><body style=\"font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933;max-width:560px;margin:0 auto;padding:16px\">");
        foreach (var paragraph in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            html.Append("<p>").Append(Linkify(WebUtility.HtmlEncode(paragraph)).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>");
        html.Append("<hr style=\"border:none;border-top:1px solid #d9dee3;margin:24px 0\"><p style=\"font-size:12px;color:#52606d\">")
            .Append(WebUtility.HtmlEncode(model.ShopName)).Append("<br>")
            .Append(WebUtility.HtmlEncode(model.ShopAddress)).Append("<br>")
            .Append(WebUtility.HtmlEncode(model.ShopPhone));
        if (model.UnsubscribeLink is { } link)
            html.Append(model.IsSpanish ? "<br><br>Recibe este mensaje porque pidió un presupuesto a " : "<br><br>You are receiving this because you asked ")
                .Append(WebUtility.HtmlEncode(model.ShopName))
                .Append(model.IsSpanish ? ". <a href=\"" : " for an estimate. <a href=\"").Append(WebUtility.HtmlEncode(link.ToString()))
                .Append(model.IsSpanish ? "\">Darse de baja</a>" : "\">Unsubscribe</a>");
        html.Append("</p></body></html>");
        return new RenderedEmail(subject, text, html.ToString());
    }

    /// <summary>
    /// Why a marketing email must not go out, or null: its final text and HTML must both carry a working
    /// unsubscribe link and the shop's postal address (CAN-SPAM). Checked on what is actually sent, so no
    /// template, value or bug can drop the footer silently.
    /// </summary>
    public static string? MissingFooter(RenderedEmail email, MessageModel model)
    {
        if (model.UnsubscribeLink is not { } link)
            return "footer_missing: no unsubscribe link";
        if (!email.Text.Contains(link.ToString(), StringComparison.Ordinal) || !email.Html.Contains(WebUtility.HtmlEncode(link.ToString()), StringComparison.Ordinal))
            return "footer_missing: the unsubscribe link is not in the email";
        if (string.IsNullOrWhiteSpace(model.ShopAddress))
            return "footer_missing: the shop has no postal address";
        if (!email.Text.Contains(model.ShopAddress, StringComparison.Ordinal) || !email.Html.Contains(WebUtility.HtmlEncode(model.ShopAddress), StringComparison.Ordinal))
            return "footer_missing: the postal address is not in the email";
        return null;
    }

    private static string Render(string source, MessageModel model)
    {
        // A template stored before a rule existed is held to it here too.
        var template = Parsed.GetOrAdd(source, s => Parser.TryParse(s, out var t, out var error)
            ? TemplateRules.Check(t) is { } broken ? throw new InvalidOperationException(broken) : t
            : throw new InvalidOperationException($"Template does not parse: {error}"));
        var context = new TemplateContext(Options);
        // Passed as objects: Fluid's string overload turns null into an empty string, which Liquid counts as true, so
        // "{% if vehicle %} for your {{ vehicle }}{% endif %}" said "for your !" to a lead without a car on file.
        context.SetValue("first_name", (object?)model.FirstName);
        context.SetValue("vehicle", (object?)model.Vehicle);
        context.SetValue("service", (object?)model.Service);
        context.SetValue("chat_link", model.ChatLink.ToString());
        context.SetValue("unsubscribe_link", (object?)model.UnsubscribeLink?.ToString());
        // The same facts under the customer's name, as staff write them in saved replies ({{ customer.first_name }}).
        context.SetValue("customer", new Dictionary<string, object?>
        {
            ["first_name"] = model.FirstName,
            ["vehicle"] = model.Vehicle,
        });
        context.SetValue("shop", new Dictionary<string, object?>
        {
            ["name"] = model.ShopName,
            ["phone"] = model.ShopPhone,
            ["address"] = model.ShopAddress,
            ["hours"] = model.ShopHours,
        });
        return template.Render(context);
    }

    private static string Linkify(string escaped) =>
        UrlPattern().Replace(escaped, m => $"<a href=\"{m.Value}\">{m.Value}</a>");

    [GeneratedRegex(@"https?://[^\s<]+")]
    private static partial Regex UrlPattern();
}

/// <summary>A message that must not be sent as it stands (a marketing email without its footer, say); <see cref="Reason"/> is recorded.</summary>
public sealed class MessageRefusedException(string reason) : Exception(reason)
{
    public string Reason { get; } = reason;
}
