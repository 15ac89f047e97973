using LeadOrchestrator.Common;

namespace LeadOrchestrator.Booking;

public static class BookingExtensions
{
    public static IHostApplicationBuilder AddBooking(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BookingOptions>().BindConfiguration(BookingOptions.Section).ValidateDataAnnotations().ValidateOnStart()
            .Validate(o => o.MinimumNotice >= TimeSpan.Zero && o.Horizon > o.MinimumNotice, "Booking:Horizon must be longer than Booking:MinimumNotice.");
        builder.Services.AddScoped<AvailabilityService>();
        builder.Services.AddScoped<BookingService>();
        builder.Services.AddScoped<ShopMonkeyWriteBack>();
        builder.Services.AddScoped<ShopCalendarSync>();
        builder.Services.AddScoped<AppointmentNoticeSender>();
        builder.Services.AddScoped<AppointmentOutcomes>();
        builder.Services.AddSingleton<BookingSignal>();
        if (builder.HasRole(AppRoles.Worker))
            builder.Services.AddHostedService<AppointmentWorker>();
        return builder;
    }
}
