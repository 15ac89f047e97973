using LeadOrchestrator.Cadence;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.ShopMonkey;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Intake;

/// <summary>
/// Turns one claimed inbound event into a lead: re-fetch the order (the event is only a hint), fetch
/// the customer and vehicle, match the location, upsert the lead by (tenant, order id). The lead and
/// the event's new status are committed together, so a crash leaves either both or neither.
/// </summary>
public sealed partial class IntakeProcessor(
    AppDbContext db,
    TenantContext tenant,
    TenantLookups lookups,
    CadenceScheduler scheduler,
    CadenceService cadence,
    DispatchSignal dispatch,
    ShopMonkeyClientFactory clients,
    TimeProvider time,
    IOptions<IntakeOptions> options,
    ILogger<IntakeProcessor> logger)
{
    private const int MaxRaceRetries = 3;

    /// <summary>Processes an event this instance has just claimed (as returned by the claim).</summary>
    public async Task ProcessAsync(InboundEvent claimed, string leaseOwner, CancellationToken ct)
    {
        // The worker learns the tenant from the event it claimed; from here on everything is scoped to it.
        tenant.Set(claimed.TenantId);
        var ev = db.InboundEvents.Attach(claimed).Entity;
        for (var round = 1; ; round++)
        {
            if (round > 1)
            {
                ev = await db.InboundEvents.SingleAsync(e => e.Id == claimed.Id, ct);
                if (ev.Status != InboundEventStatus.Processing || ev.LeaseOwner != leaseOwner || ev.Attempts != claimed.Attempts)
                {
                    Log.LeaseLost(logger, claimed.Id);
                    return;
                }
            }

            Outcome outcome;
            try
            {
                outcome = await DecideAsync(ev, ct);
            }
            catch (ShopMonkeyApiException e)
            {
                db.ChangeTracker.Clear();
                db.Attach(ev);
                outcome = Outcome.Park(ReasonOf(e.Failure), e.Message, e.RetryAfter);
            }

            Record(ev, outcome);
            try
            {
                await db.SaveDerivedChangesAsync(ct);
                Log.Outcome(logger, ev.Id, ev.Status, ev.Reason is { } reason ? $" ({reason})" : "", ev.LeadId?.ToString() ?? "none");
                if (outcome.Created)
                    dispatch.Notify(); // speed to lead: the first touches are due now
                return;
            }
            catch (DbUpdateConcurrencyException e) when (e.Entries.Any(entry => entry.Entity is InboundEvent))
            {
                // The event was claimed again (our lease ran out): its new owner decides, we write nothing.
                Log.LeaseLost(logger, claimed.Id);
                return;
            }
            catch (DbUpdateException e) when (round < MaxRaceRetries && (e is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(e)))
            {
                // Another worker wrote the same lead first (webhook and poll racing): redo against its row.
                Log.RaceRetry(logger, ev.Id, round);
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<Outcome> DecideAsync(InboundEvent ev, CancellationToken ct)
    {
        if (!string.Equals(ev.EntityTable, "order", StringComparison.OrdinalIgnoreCase) || ev.EntityId is null)
            return Outcome.Ignore(ev.EntityTable is null ? "unsupported_payload" : "not_an_order");

        var lead = await db.Leads.FirstOrDefaultAsync(l => l.ShopMonkeyOrderId == ev.EntityId, ct);
        // Erased at the customer's request: ShopMonkey's later updates of the order must not bring their data back.
        if (lead is { ErasedAt: not null })
            return Outcome.Ignore("erased", lead);
        // The same change seen twice (webhook + poll, or a redelivery): nothing to fetch.
        if (lead is not null && ev.EntityUpdatedAt is { } hinted && hinted <= lead.OrderUpdatedAt && ev.Operation != "DELETE")
            return Outcome.Ignore("already_applied", lead);

        var config = await lookups.CrmConfigAsync(ct);
        if (config is null)
            return Outcome.Park("crm_not_configured", "The tenant has no ShopMonkey configuration.");
        var api = clients.Create(config);
        var now = time.GetUtcNow();

        var order = await api.GetOrderAsync(ev.EntityId, ct);
        if (order is null || order.Deleted == true)
        {
            if (lead is not null)
            {
                lead.OrderArchived = true;
                lead.UpdatedAt = now;
                return Outcome.Processed(lead);
            }
            if (order is null && ev.Attempts <= options.Value.OrderNotFoundRetries)
                return Outcome.Park("order_not_found", $"ShopMonkey has no order '{ev.EntityId}' (yet).");
            return Outcome.Ignore(order is null ? "order_not_found" : "order_deleted");
        }

        if (lead is null)
            return await CreateLeadAsync(ev, order, api, now, ct);

        if (order.UpdatedDate is { } updated && updated < lead.OrderUpdatedAt)
            return Outcome.Ignore("stale", lead);
        var customerChanged = order.CustomerId is not null && order.CustomerId != lead.ShopMonkeyCustomerId;
        var vehicleChanged = order.VehicleId != lead.ShopMonkeyVehicleId;
        var wasConverted = lead.ConvertedAt is not null;
        LeadRules.ApplyOrder(lead, order, now);
        if (!wasConverted && lead.ConvertedAt is not null)
            await cadence.StopAsync(lead, StopReasons.Converted, ct); // they bought in the shop: no more follow-ups
        if (LeadRules.IsOpenEstimate(order))
        {
            // Staff often fix a phone number or attach the car after creating the estimate.
            var region = await RegionOfAsync(lead.LocationId, ct);
            if ((customerChanged || (lead.Phone is null && lead.Email is null)) && order.CustomerId is not null
                && await api.GetCustomerAsync(order.CustomerId, ct) is { } customer)
                LeadRules.ApplyCustomer(lead, customer, region);
            if (vehicleChanged)
                LeadRules.ApplyVehicle(lead, order.VehicleId is null ? null : await api.GetVehicleAsync(order.VehicleId, ct));
        }
        return Outcome.Processed(lead);
    }

    private async Task<Outcome> CreateLeadAsync(InboundEvent ev, SmOrder order, ShopMonkeyClient api, DateTimeOffset now, CancellationToken ct)
    {
        if (!LeadRules.IsOpenEstimate(order))
            return Outcome.Ignore("not_an_estimate");
        if (order.CustomerId is null)
            return Outcome.Ignore("no_customer"); // a later update that attaches the customer creates the lead

        var location = order.LocationId is null ? null : await lookups.LocationByShopMonkeyIdAsync(order.LocationId, ct);
        if (location is null)
            return Outcome.Park("unknown_location", $"ShopMonkey location '{order.LocationId}' is not set up for this tenant.");

        var customerCall = api.GetCustomerAsync(order.CustomerId, ct);
        var vehicleCall = order.VehicleId is null ? Task.FromResult<SmVehicle?>(null) : api.GetVehicleAsync(order.VehicleId, ct);
        await Task.WhenAll(customerCall, vehicleCall);
        var (customer, vehicle) = (await customerCall, await vehicleCall);
        if (customer is null)
            return Outcome.Park("customer_not_found", $"ShopMonkey has no customer '{order.CustomerId}'.");

        var lead = new Lead
        {
            Id = Guid.CreateVersion7(now),
            TenantId = ev.TenantId,
            LocationId = location.Id,
            ShopMonkeyOrderId = order.Id,
            OrderStatus = order.Status ?? "Estimate",
            Source = ev.Source == InboundEventSource.Poll ? LeadSource.Poll : LeadSource.Webhook,
            OrderCreatedAt = (order.OrderCreatedDate ?? order.CreatedDate ?? now).ToUniversalTime(),
            CreatedAt = now,
        };
        LeadRules.ApplyOrder(lead, order, now);
        LeadRules.ApplyCustomer(lead, customer, location.Country);
        LeadRules.ApplyVehicle(lead, vehicle);
        db.Leads.Add(lead);
        // The cadence is written with the lead, in one commit: a lead never exists without its touches.
        await scheduler.ScheduleAsync(lead, ct);
        return Outcome.Processed(lead, created: true);
    }

    private async Task<string> RegionOfAsync(Guid? locationId, CancellationToken ct) =>
        await db.Locations.Where(l => l.Id == locationId).Select(l => l.Country).FirstOrDefaultAsync(ct) ?? "US";

    private void Record(InboundEvent ev, Outcome outcome)
    {
        var now = time.GetUtcNow();
        ev.LeaseOwner = null;
        ev.LeaseUntil = null;
        ev.Reason = outcome.Reason;
        ev.LeadId = outcome.Lead?.Id ?? ev.LeadId;
        switch (outcome.Status)
        {
            case InboundEventStatus.Parked:
                ev.Status = InboundEventStatus.Parked;
                ev.LastError = outcome.Error is { Length: > 2000 } long_ ? long_[..2000] : outcome.Error;
                var delay = options.Value.RetryDelay(ev.Attempts);
                if (outcome.RetryAfter is { } retryAfter && retryAfter > delay)
                    delay = retryAfter;
                ev.NextAttemptAt = now + delay;
                Log.Parked(logger, ev.Id, outcome.Reason!, ev.Attempts, ev.NextAttemptAt, outcome.Error ?? "no detail");
                break;
            default:
                ev.Status = outcome.Status;
                ev.ProcessedAt = now;
                ev.NextAttemptAt = now;
                break;
        }
    }

    private static string ReasonOf(ShopMonkeyFailure failure) => failure switch
    {
        ShopMonkeyFailure.Unauthorized => "api_unauthorized",
        ShopMonkeyFailure.RateLimited => "api_rate_limited",
        ShopMonkeyFailure.Rejected => "api_rejected",
        _ => "api_unavailable",
    };

    private sealed record Outcome(InboundEventStatus Status, string? Reason, Lead? Lead, string? Error = null, TimeSpan? RetryAfter = null, bool Created = false)
    {
        public static Outcome Processed(Lead lead, bool created = false) => new(InboundEventStatus.Processed, null, lead, Created: created);

        public static Outcome Ignore(string reason, Lead? lead = null) => new(InboundEventStatus.Ignored, reason, lead);

        public static Outcome Park(string reason, string error, TimeSpan? retryAfter = null) =>
            new(InboundEventStatus.Parked, reason, null, error, retryAfter);
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Inbound event {EventId} → {Status}{Reason}, lead {LeadId}")]
        public static partial void Outcome(ILogger logger, long eventId, InboundEventStatus status, string reason, string leadId);

        [LoggerMessage(LogLevel.Warning, "Inbound event {EventId} parked ({Reason}, attempt {Attempt}), next try at {NextAttemptAt}: {Error}")]
        public static partial void Parked(ILogger logger, long eventId, string reason, int attempt, DateTimeOffset nextAttemptAt, string error);

        [LoggerMessage(LogLevel.Warning, "Inbound event {EventId}: the lease ran out and another run took over; this run's outcome is discarded (is Intake:LeaseDuration too short for ShopMonkey's response times?)")]
        public static partial void LeaseLost(ILogger logger, long eventId);

        [LoggerMessage(LogLevel.Information, "Inbound event {EventId} lost a race for its lead to another delivery of the same order (round {Round}); redone against the lead that won")]
        public static partial void RaceRetry(ILogger logger, long eventId, int round);
    }
}
