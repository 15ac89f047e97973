using LeadOrchestrator.Data;

namespace LeadOrchestrator.Cadence;

/// <summary>A tenant's follow-up plan (table <c>cadences</c>): a list of timed steps.</summary>
public sealed class CadenceTemplate : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }

    /// <summary>The cadence new leads get.</summary>
    public bool IsDefault { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public List<CadenceStep> Steps { get; set; } = [];
}

/// <summary>
/// One touch of a cadence (table <c>cadence_steps</c>): when (offset from lead creation), how
/// (channel) and what (Liquid templates; SMS uses <see cref="Body"/>, email adds <see cref="Subject"/>), in English and,
/// for leads whose language is Spanish, in Spanish (<see cref="SpanishBody"/>; a step without one sends its English).
/// </summary>
public sealed class CadenceStep : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid CadenceId { get; set; }
    public int StepNumber { get; set; }
    public int OffsetMinutes { get; set; }
    public Channel Channel { get; set; }
    public string? Subject { get; set; }
    public required string Body { get; set; }
    public string? SpanishSubject { get; set; }
    public string? SpanishBody { get; set; }

    /// <summary>The wording a lead in <paramref name="language"/> gets: the Spanish one when the step has it, else the English.</summary>
    public (string? Subject, string Body, string Language) WordingFor(string language) =>
        language == Leads.LeadLanguage.Spanish && SpanishBody is { Length: > 0 } body && (Channel == Channel.Sms || SpanishSubject is { Length: > 0 })
            ? (SpanishSubject, body, Leads.LeadLanguage.Spanish)
            : (Subject, Body, Leads.LeadLanguage.English);
}

public enum Channel
{
    Sms,
    Email,
}

/// <summary>
/// One planned message to one lead (table <c>touch_points</c>). The state machine is
/// scheduled → claimed → sending → sent | failed | in_doubt, or cancelled / paused at any point before
/// sending. <c>sending</c> is committed before the provider is called, so a crash leaves the row
/// <c>in_doubt</c> rather than ever sending it twice.
/// </summary>
public sealed class TouchPoint : ITenantOwned, IVersioned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid LeadId { get; set; }
    public Guid? CadenceStepId { get; set; }
    public int StepNumber { get; set; }
    public Channel Channel { get; set; }
    public TouchPointStatus Status { get; set; }

    /// <summary>When the cadence meant it to go out.</summary>
    public DateTimeOffset ScheduledFor { get; set; }

    /// <summary>When the dispatcher should next act: the plan, a quiet-hours deferral, a retry, or a lease's end.</summary>
    public DateTimeOffset DueAt { get; set; }

    /// <summary>Provider attempts that failed before the provider accepted the message.</summary>
    public int Attempts { get; set; }

    public string? LeaseOwner { get; set; }
    public string? CancelReason { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public Guid? DeliveryId { get; set; }
    public long Version { get; set; }
}

public enum TouchPointStatus
{
    Scheduled,
    Claimed,

    /// <summary>
    /// Handed to the provider (committed before the call). Still here after its lease, its sender stopped
    /// before hearing back: <see cref="InDoubtTouches"/> asks the provider or follows the in-doubt rule.
    /// </summary>
    Sending,

    Sent,
    Failed,

    /// <summary>Nobody could say whether it went out, and it is not sent again (the in-doubt rule): for staff to look at.</summary>
    InDoubt,

    Cancelled,
    Paused,
}

/// <summary>A lead's place in its cadence.</summary>
public enum CadenceStatus
{
    /// <summary>No cadence (e.g. the order was never an open estimate).</summary>
    None,
    Active,
    Paused,
    Stopped,

    /// <summary>Every touch has been handled.</summary>
    Completed,
}

/// <summary>Why a cadence (or one of its channels) stopped; recorded on the lead and on cancelled touches.</summary>
public static class StopReasons
{
    public const string Engaged = "engaged";
    public const string Booked = "booked";
    public const string OptedOut = "opted_out";
    public const string EmailBounced = "email_bounced";
    public const string SpamComplaint = "spam_complaint";
    public const string NumberInvalid = "number_invalid";
    public const string StaffStopped = "staff_stopped";
    public const string Converted = "converted";
    public const string NoPhone = "no_phone";
    public const string NoEmail = "no_email";
    public const string NoContact = "no_contact";
    public const string Erased = "erased";
}
