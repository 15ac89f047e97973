using LeadOrchestrator.Common;

namespace LeadOrchestrator.Conversations;

/// <summary>A customer's text is waiting for the assistant's answer (Chat's SMS reply worker wakes on it).</summary>
public sealed class SmsReplySignal : WorkSignal;
