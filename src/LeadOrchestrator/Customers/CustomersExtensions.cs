using LeadOrchestrator.Common;

namespace LeadOrchestrator.Customers;

public static class CustomersExtensions
{
    /// <summary>Customers' data requests (export, erasure) and the message retention sweep.</summary>
    public static IHostApplicationBuilder AddCustomers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CustomersOptions>().BindConfiguration(CustomersOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<CustomerData>();
        if (builder.HasRole(AppRoles.Worker))
            builder.Services.AddHostedService<MessageRetention>();
        return builder;
    }
}
