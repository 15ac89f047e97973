using LeadOrchestrator.Common;

namespace LeadOrchestrator.StaffConsole;

/// <summary>
/// The staff console's shell: <c>/console</c> and every path under it (the React app routes in the
/// browser) answer <c>wwwroot/console/index.html</c>, built from <c>web/console/</c> by every
/// <c>dotnet build</c>. Its bundle under <c>/console/assets/</c> is served as static files with a content
/// hash, so browsers keep it for a year. The shell holds no data: the app asks the console API, which
/// answers 401 until staff sign in.
/// </summary>
public static partial class StaffConsolePage
{
    public const string IndexPath = "console/index.html";

    /// <summary>As the chat page's: scripts, styles and API calls from this origin only, no framing.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapStaffConsolePage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/console", Shell).ExcludeFromDescription();
        // Not the bundle's files: a matched endpoint would keep the static files from serving them, and a
        // missing asset should be a 404, not the shell.
        app.MapGet("/console/{**path:regex(^(?!assets/).*$)}", Shell).ExcludeFromDescription();
        return app;
    }

    private static IResult Shell(IWebHostEnvironment environment, HttpContext http, ILoggerFactory logs)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = "no-cache";
        headers["Referrer-Policy"] = "no-referrer";
        headers["X-Content-Type-Options"] = "nosniff";
        var file = environment.WebRootFileProvider.GetFileInfo(IndexPath);
        if (!file.Exists)
        {
            Log.NotBuilt(logs.CreateLogger(typeof(StaffConsolePage)), IndexPath);
            return SimplePage.Render(http, StatusCodes.Status503ServiceUnavailable, "Console unavailable",
                "<p>The staff console was not built with this copy of the app. Build it with <code>dotnet build</code> (it runs npm in web/).</p>");
        }
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return Results.File(file.CreateReadStream(), "text/html; charset=utf-8");
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Error, "The staff console {Path} is missing from wwwroot: the front end was not built (dotnet build runs npm in web/)")]
        public static partial void NotBuilt(ILogger logger, string path);
    }
}
