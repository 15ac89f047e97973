using System.Diagnostics;
using System.Globalization;

namespace LeadOrchestrator.Common;

/// <summary>
/// The console's API responses say how long the app took (<c>Server-Timing: app;dur=12.3</c>, in milliseconds, from
/// the request reaching this middleware to the response's headers leaving). The performance targets are server time;
/// a client's own clock adds its network and its machine's scheduling, which on a shared box can be most of it. The
/// browser's developer tools show the figure too. Only the signed-in console's routes carry it.
/// </summary>
public static class ServerTiming
{
    public static IApplicationBuilder UseServerTiming(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api/console"))
                return next(context);
            var started = Stopwatch.GetTimestamp();
            context.Response.OnStarting(() =>
            {
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                context.Response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture, $"app;dur={ms:F1}");
                return Task.CompletedTask;
            });
            return next(context);
        });
}
