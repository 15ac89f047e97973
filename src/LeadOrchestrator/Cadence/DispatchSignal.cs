using LeadOrchestrator.Common;

namespace LeadOrchestrator.Cadence;

/// <summary>Touch points became due now (a new lead, a resumed cadence): the dispatcher listens.</summary>
public sealed class DispatchSignal : WorkSignal;
