using LeadOrchestrator.Cadence;

namespace LeadOrchestrator.Messaging;

/// <summary>Provider error codes that say something about the recipient, not the message.</summary>
public static class ProviderCodes
{
    public sealed record RecipientEffect(string Reason, bool OptOut);

    public static RecipientEffect? EffectOf(Channel channel, string code) => (channel, code) switch
    {
        // Twilio: the recipient replied STOP to this sender earlier.
        (Channel.Sms, "21610") => new RecipientEffect(StopReasons.OptedOut, OptOut: true),
        // Twilio: not a valid number / not able to receive SMS / a landline / unroutable.
        (Channel.Sms, "21211" or "21614" or "21635" or "21612") => new RecipientEffect(StopReasons.NumberInvalid, OptOut: false),
        _ => null,
    };
}
