using System.Globalization;

namespace LeadOrchestrator.Common;

/// <summary>
/// Every response's <c>Date</c> header comes from the app's clock (<see cref="TimeProvider"/>), not the
/// host's: the console measures "waiting 12 min" against it, so a tablet whose clock is wrong still says
/// how long the customer has really waited — and under a test's fake clock the two agree.
/// </summary>
public static class ServerClock
{
    public static IApplicationBuilder UseServerClock(this IApplicationBuilder app)
    {
        var time = app.ApplicationServices.GetRequiredService<TimeProvider>();
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.Date = time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
