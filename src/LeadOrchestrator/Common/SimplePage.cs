using System.Net;
using System.Text;

namespace LeadOrchestrator.Common;

/// <summary>
/// Small, self-contained HTML pages for customers who tap a link in a message (unsubscribe, a link that
/// has run out). Everything interpolated is HTML-encoded; nothing is cached and no referrer leaks the link.
/// </summary>
public static class SimplePage
{
    public static IResult Render(HttpContext context, int status, string title, string bodyHtml)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append("</title>")
            .Append("<style>body{font-family:system-ui,-apple-system,Segoe UI,Roboto,Arial,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1f2933;background:#fff}")
            .Append("h1{font-size:1.4rem}button{font:inherit;padding:.7rem 1.2rem;border-radius:.5rem;border:0;background:#1f4e79;color:#fff;cursor:pointer}a{color:#1f4e79}a[href^=tel]{white-space:nowrap}")
            .Append("@media (prefers-color-scheme:dark){body{background:#111827;color:#e5e7eb}a{color:#93c5fd}button{background:#2563eb}}</style></head><body><main>")
            .Append("<h1>").Append(Encode(title)).Append("</h1>")
            .Append(bodyHtml)
            .Append("</main></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A tel: link with the number as people read it.</summary>
    public static string PhoneLink(string e164, string display) =>
        $"<a href=\"tel:{Encode(e164)}\">{Encode(display)}</a>";
}
