using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Chat;

/// <summary>
/// The customer chat page: the React app's <c>index.html</c> (built from <c>web/</c> into
/// <c>wwwroot/app</c>) with what its first paint needs — the lead, the shop and the conversation so far —
/// as a JSON data block, so the greeting shows without waiting for an API call.
/// </summary>
public sealed partial class ChatPage(IWebHostEnvironment environment, IOptions<JsonOptions> json, ILogger<ChatPage> logger)
{
    private string? _template;

    /// <summary>The API's own JSON shapes; the default encoder escapes &lt;, &gt; and &amp;, so no message can close the data block.</summary>
    private readonly JsonSerializerOptions _json = new(json.Value.SerializerOptions) { Encoder = JavaScriptEncoder.Default };

    public const string IndexPath = "app/index.html";

    /// <summary>What <c>web/index.html</c> carries where the page's data goes.</summary>
    private const string Placeholder = "\"__LO_BOOT__\"";

    /// <summary>
    /// Scripts and styles only from this origin (the bundle), no inline script, no framing, API calls to
    /// this origin only: even a message that slipped past React's escaping could not run.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public sealed record Boot(Guid LeadId, ChatEndpoints.ChatContextView Context, ChatEndpoints.History History,
        IReadOnlyList<Booking.BookingEndpoints.AppointmentView> Appointments);

    /// <summary>The page, or null when the front end was never built (the caller shows a plain page instead).</summary>
    public IResult? Render(HttpContext http, Boot boot)
    {
        if (Template() is not { } template)
            return null;
        var html = template.Replace(Placeholder, JsonSerializer.Serialize(boot, _json), StringComparison.Ordinal);
        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        headers["X-Content-Type-Options"] = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>
    /// <c>index.html</c>: read once (a deploy restarts the app), or on every request in Development, where
    /// <c>npm run watch</c> rebuilds it while the app runs. No file watcher: they are a scarce resource in containers.
    /// </summary>
    private string? Template()
    {
        if (_template is not null && !environment.IsDevelopment())
            return _template;
        var file = environment.WebRootFileProvider.GetFileInfo(IndexPath);
        if (!file.Exists)
        {
            Log.NotBuilt(logger, IndexPath);
            return null;
        }
        using var reader = new StreamReader(file.CreateReadStream());
        var text = reader.ReadToEnd();
        if (!text.Contains(Placeholder, StringComparison.Ordinal))
            throw new InvalidOperationException($"{IndexPath} has no {Placeholder} data block; rebuild web/.");
        return _template = text;
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Error, "The chat page {Path} is missing from wwwroot: the front end was not built (dotnet build runs npm in web/)")]
        public static partial void NotBuilt(ILogger logger, string path);
    }
}

public static class ChatPageExtensions
{
    /// <summary>
    /// The chat page's bundle under <c>/app/</c> and the staff console's under <c>/console/assets/</c>: file names carry a content hash, so browsers keep them for
    /// a year; scripts and styles are compressed (they hold no secrets, so compressing over HTTPS is safe).
    /// </summary>
    public static IApplicationBuilder UseChatPageAssets(this IApplicationBuilder app)
    {
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/app") || http.Request.Path.StartsWithSegments("/console/assets"),
            assets => assets.UseResponseCompression());
        return app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file =>
            {
                if (file.Context.Request.Path.StartsWithSegments("/app/assets") || file.Context.Request.Path.StartsWithSegments("/console/assets"))
                    file.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            },
        });
    }
}
