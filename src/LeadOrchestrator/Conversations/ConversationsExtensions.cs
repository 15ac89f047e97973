namespace LeadOrchestrator.Conversations;

public static class ConversationsExtensions
{
    /// <summary>The conversation service (texts and web messages recorded, takeover) and the signal for texts awaiting a reply.</summary>
    public static IHostApplicationBuilder AddConversations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ConversationService>();
        builder.Services.AddScoped<ConversationInbox>();
        builder.Services.AddSingleton<SmsReplySignal>();
        return builder;
    }
}
