using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Messaging.Channels;

/// <summary>
/// Picks the sender for a message: the tenant's provider, else the configured default; a demo tenant
/// reaches real providers only for allow-listed recipients and records everything else in the outbox.
/// </summary>
public sealed class ChannelRouter(IServiceProvider services, IOptions<MessagingOptions> options)
{
    public ISmsSender Sms(TenantMessagingConfig? tenant, string recipient) =>
        services.GetRequiredKeyedService<ISmsSender>(Outboxed(tenant, recipient) ? OutboxSmsSender.Name : tenant?.SmsProvider ?? options.Value.SmsProvider);

    public IEmailSender Email(TenantMessagingConfig? tenant, string recipient) =>
        services.GetRequiredKeyedService<IEmailSender>(Outboxed(tenant, recipient) ? OutboxSmsSender.Name : tenant?.EmailProvider ?? options.Value.EmailProvider);

    private bool Outboxed(TenantMessagingConfig? tenant, string recipient) =>
        tenant is { DemoMode: true } && !options.Value.AllowList.Contains(recipient, StringComparer.OrdinalIgnoreCase);
}
