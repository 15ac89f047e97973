using LeadOrchestrator.Common;

namespace LeadOrchestrator.Intake;

/// <summary>New inbound events are waiting (the intake worker listens).</summary>
public sealed class IntakeSignal : WorkSignal;
