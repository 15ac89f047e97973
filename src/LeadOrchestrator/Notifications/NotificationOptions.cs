using System.ComponentModel.DataAnnotations;

namespace LeadOrchestrator.Notifications;

/// <summary>How staff are alerted (section <c>Console</c>).</summary>
public sealed class NotificationOptions : IValidatableObject
{
    public const string Section = "Console";

    /// <summary>A handoff nobody has opened or taken for this much opening time goes to the location's managers too.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>… and after this much (counted from the raise, not from the first escalation) to the owners.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan EscalateOwnerAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The least time between two alerts of one handoff to one colleague on one channel.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AlertRepeat { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a send may take before its row is looked at as stopped mid-send.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan SendLease { get; set; } = TimeSpan.FromMinutes(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (EscalateOwnerAfter < EscalateAfter)
            yield return new ValidationResult("Console:EscalateOwnerAfter must not be shorter than Console:EscalateAfter.",
                [nameof(EscalateOwnerAfter), nameof(EscalateAfter)]);
    }
}
