using LeadOrchestrator.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Cadence;

/// <summary>
/// Gives the cadences created before steps had a Spanish version the default one, at start-up after the migrations:
/// only a step whose English is still the default wording (a step a manager rewrote keeps sending its English to
/// Spanish-speaking leads until they write a Spanish version too). Idempotent, and cheap: a tenant has 13 steps.
/// </summary>
public sealed partial class SpanishWording(AppDbContext db, ILogger<SpanishWording> logger)
{
    public async Task FillAsync(CancellationToken ct)
    {
        var filled = 0;
        foreach (var touch in DefaultCadence.Steps)
        {
            // System work: every tenant's cadence.
            filled += await db.CadenceSteps.AcrossTenants()
                .Where(s => s.StepNumber == touch.Number && s.SpanishBody == null && s.Body == touch.Body && s.Subject == touch.Subject)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.SpanishBody, touch.SpanishBody).SetProperty(s => s.SpanishSubject, touch.SpanishSubject), ct);
        }
        if (filled > 0)
            Log.Filled(logger, filled);
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Gave {Count} cadence steps still in their default English wording the default Spanish one")]
        public static partial void Filled(ILogger logger, int count);
    }
}
