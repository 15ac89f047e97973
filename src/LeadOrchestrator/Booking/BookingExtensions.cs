namespace LeadOrchestrator.Booking;

public static class BookingExtensions
{
    public static IHostApplicationBuilder AddBooking(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BookingOptions>().BindConfiguration(BookingOptions.Section).ValidateDataAnnotations().ValidateOnStart()
            .Validate(o => o.MinimumNotice >= TimeSpan.Zero && o.Horizon > o.MinimumNotice, "Booking:Horizon must be longer than Booking:MinimumNotice.");
        builder.Services.AddScoped<AvailabilityService>();
        builder.Services.AddScoped<BookingService>();
        return builder;
    }
}
