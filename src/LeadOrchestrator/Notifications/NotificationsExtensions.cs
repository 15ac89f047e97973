using LeadOrchestrator.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LeadOrchestrator.Notifications;

public static class NotificationsExtensions
{
    /// <summary>Staff alerts: recorded with each save that raises a handoff or changes an appointment, sent by the alert worker.</summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<StaffAlertSignal>();
        builder.Services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<StaffAlertSignal>());
        builder.Services.AddScoped<StaffAlertSender>();
        if (builder.HasRole(AppRoles.Worker))
            builder.Services.AddHostedService<StaffAlertWorker>();
        return builder;
    }
}
