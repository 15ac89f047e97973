using LeadOrchestrator.Data;

namespace LeadOrchestrator.Leads;

/// <summary>
/// A customer who asked for an estimate: one row per (tenant, ShopMonkey order). Its id appears in
/// URLs, so it is a random-looking GUID, never a sequence.
/// </summary>
public sealed class Lead : ITenantOwned, ILocationScoped, IVersioned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid? LocationId { get; set; }

    public required string ShopMonkeyOrderId { get; set; }
    public string? ShopMonkeyOrderNumber { get; set; }
    public string? ShopMonkeyCustomerId { get; set; }
    public string? ShopMonkeyVehicleId { get; set; }

    public string? FirstName { get; set; }
    public string? LastName { get; set; }

    /// <summary>E.164 (+15125550142), or null when ShopMonkey had no number we could parse.</summary>
    public string? Phone { get; set; }

    public string? Email { get; set; }

    public int? VehicleYear { get; set; }
    public string? VehicleMake { get; set; }
    public string? VehicleModel { get; set; }
    public string? VehicleSubmodel { get; set; }

    /// <summary>What the estimate was for (the order's name), e.g. "Ceramic tint - full sedan".</summary>
    public string? EstimateName { get; set; }

    public long? EstimateTotalCents { get; set; }

    /// <summary>ShopMonkey's order status: Estimate, RepairOrder or Invoice (kept as text: new values are non-breaking).</summary>
    public required string OrderStatus { get; set; }

    public bool OrderAuthorized { get; set; }
    public bool OrderInvoiced { get; set; }
    public bool OrderPaid { get; set; }
    public bool OrderArchived { get; set; }

    /// <summary>When the order became a repair order, invoice or payment: the lead bought in the shop.</summary>
    public DateTimeOffset? ConvertedAt { get; set; }

    public LeadSource Source { get; set; }

    /// <summary>Where the lead is in its follow-up cadence.</summary>
    public Cadence.CadenceStatus CadenceStatus { get; set; }

    /// <summary>Why the whole cadence stopped (engaged, booked, converted, staff_stopped, opted_out, no_contact, …).</summary>
    public string? StopReason { get; set; }

    public DateTimeOffset? StoppedAt { get; set; }
    public DateTimeOffset? PausedAt { get; set; }

    /// <summary>Why SMS touches stopped while email may go on (opted_out, number_invalid, no_phone).</summary>
    public string? SmsStopReason { get; set; }

    /// <summary>Why email touches stopped while SMS may go on (opted_out, email_bounced, spam_complaint, no_email).</summary>
    public string? EmailStopReason { get; set; }

    /// <summary>Where the lead stands on the pipeline board: the stage rule's result, kept by <see cref="LeadStages"/> (never set by hand).</summary>
    public LeadStage Stage { get; set; }

    public DateTimeOffset OrderCreatedAt { get; set; }

    /// <summary>ShopMonkey's <c>updatedDate</c> of the order state we hold; older events never overwrite newer state.</summary>
    public DateTimeOffset OrderUpdatedAt { get; set; }

    /// <summary>A demo tenant's sample customer (<see cref="Demo.SampleLeads"/>): shown in the console, left out of every figure.</summary>
    public bool IsSample { get; set; }

    /// <summary>
    /// A test lead staff asked for ("send me a test lead", <see cref="Tenants.TestLeadEndpoints"/>): to their own phone and
    /// email, through the real path, also <see cref="IsSample"/> so it stays out of every figure. Unlike the demo's samples
    /// it is messaged: its first text and email go at once (before go-live, whatever the hour: its recipient just asked),
    /// and an appointment it books is confirmed but never written to ShopMonkey.
    /// </summary>
    public bool IsTest { get; set; }

    /// <summary>
    /// When the customer's data was erased at their request (<see cref="Customers.CustomerData"/>): names, contact data and
    /// vehicle gone, the order id kept so that ShopMonkey's later updates of the order are recognised and ignored
    /// instead of bringing them back.
    /// </summary>
    public DateTimeOffset? ErasedAt { get; set; }

    /// <summary>
    /// The language the lead's texts, emails, chat page and answers use: <c>en</c> or <c>es</c> (<see cref="LeadLanguage"/>).
    /// </summary>
    public string Language { get; set; } = LeadLanguage.English;

    /// <summary>Who decided <see cref="Language"/>: a later, weaker source never overrides a stronger one.</summary>
    public LanguageSource LanguageSource { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    public string? VehicleDescription =>
        string.Join(' ', new[] { VehicleYear?.ToString(System.Globalization.CultureInfo.InvariantCulture), VehicleMake, VehicleModel, VehicleSubmodel }
            .Where(p => !string.IsNullOrWhiteSpace(p))) is { Length: > 0 } d ? d : null;
}

/// <summary>Where a lead's language came from, weakest first.</summary>
public enum LanguageSource
{
    /// <summary>Nobody said: English.</summary>
    Default,

    /// <summary>From the words of the customer's own messages.</summary>
    Detected,

    /// <summary>From the ShopMonkey customer (a custom field, label or note that names the language).</summary>
    ShopMonkey,

    /// <summary>Set by a colleague in the console.</summary>
    Staff,
}

/// <summary>How we first learned about the lead.</summary>
public enum LeadSource
{
    Webhook,
    Poll,
}
