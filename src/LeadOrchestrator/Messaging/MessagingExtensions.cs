using LeadOrchestrator.Messaging.Channels;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Messaging;

public static class MessagingExtensions
{
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.Section).ValidateDataAnnotations().ValidateOnStart()
            .Validate<IOptions<TwilioOptions>, IOptions<SendGridOptions>, IOptions<SmtpOptions>>(
                (o, twilio, sendGrid, smtp) => o.LeaseDuration > Outbound.CallAllowance(twilio.Value, sendGrid.Value, smtp.Value),
                "Messaging:LeaseDuration must be longer than twice the longest provider timeout (Twilio:Timeout, SendGrid:Timeout, Smtp:Timeout) plus 30 s: a call and its lookup must fit in the lease.");
        builder.Services.AddOptions<TwilioOptions>().BindConfiguration(TwilioOptions.Section).ValidateDataAnnotations().ValidateOnStart()
            .Validate(o => string.IsNullOrEmpty(o.ApiBaseUrl) || Uri.IsWellFormedUriString(o.ApiBaseUrl, UriKind.Absolute), "Twilio:ApiBaseUrl must be an absolute URL.")
            // Twilio signs what it called; without the public address, its signatures would be checked against
            // whatever Host the request claims — so in production a Twilio account needs App:PublicBaseUrl.
            .Validate<IHostEnvironment, IConfiguration>((o, environment, configuration) => !environment.IsProduction()
                    || (string.IsNullOrEmpty(o.AccountSid) && string.IsNullOrEmpty(o.AuthToken))
                    || Uri.IsWellFormedUriString(configuration["App:PublicBaseUrl"], UriKind.Absolute),
                "Twilio is configured but App:PublicBaseUrl (APP__PUBLICBASEURL) is not: set it to the https address Twilio and customers use, e.g. https://chat.example.com.");
        builder.Services.AddOptions<SendGridOptions>().BindConfiguration(SendGridOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations().ValidateOnStart()
            .Validate(o => Enum.TryParse<MailKit.Security.SecureSocketOptions>(o.Security, true, out _), "Smtp:Security must be Auto, None, StartTls, StartTlsWhenAvailable or SslOnConnect.");

        builder.Services.AddHttpClient(TwilioSmsSender.HttpClientName, (services, client) =>
                client.Timeout = services.GetRequiredService<IOptions<TwilioOptions>>().Value.Timeout)
            .AddHttpMessageHandler(services => services.GetRequiredService<IOptions<TwilioOptions>>().Value.ApiBaseUrl is { Length: > 0 } url
                ? new BaseAddressRewriter(new Uri(url))
                : new PassThroughHandler())
            .RemoveAllLoggers();
        builder.Services.AddHttpClient(SendGridEmailSender.HttpClientName, (services, client) =>
                client.Timeout = services.GetRequiredService<IOptions<SendGridOptions>>().Value.Timeout)
            .RemoveAllLoggers();

        builder.Services.AddKeyedSingleton<ISmsSender, OutboxSmsSender>(OutboxSmsSender.Name);
        builder.Services.AddKeyedSingleton<ISmsSender, TwilioSmsSender>(TwilioSmsSender.Name);
        builder.Services.AddKeyedSingleton<IEmailSender, OutboxEmailSender>(OutboxSmsSender.Name);
        builder.Services.AddKeyedSingleton<IEmailSender, SendGridEmailSender>(SendGridEmailSender.Name);
        builder.Services.AddKeyedSingleton<IEmailSender, SmtpEmailSender>(SmtpEmailSender.Name);
        builder.Services.AddSingleton<ChannelRouter>();
        builder.Services.AddSingleton<Outbound>();
        builder.Services.AddScoped<DeliveryReconciler>();
        builder.Services.AddScoped<ConsentService>();
        builder.Services.AddSingleton<AddressHasher>();
        builder.Services.AddSingleton<TwilioSignature>();
        return builder;
    }

    private sealed class PassThroughHandler : DelegatingHandler;
}
