using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Customers;

/// <summary>
/// A customer's data requests, for owners: <c>POST /api/console/customers/export {phone | email}</c> (everything held,
/// as JSON, table by table), <c>POST …/erase {phone | email}</c> (<see cref="CustomerData"/>), and the tenant's message
/// retention (<c>GET|PUT /api/console/customers/retention {months}</c>, <see cref="MessageRetention"/>). Every one of
/// them is on the audit log.
/// </summary>
public static class CustomerDataEndpoints
{
    /// <summary>One of the two: the customer's phone number or their email address.</summary>
    public sealed record CustomerRequest(string? Phone, string? Email);

    /// <param name="Months">Message bodies older than this are redacted; null keeps them.</param>
    public sealed record Retention(int? Months);

    public const int MaxRetentionMonths = 120;

    public static IEndpointRouteBuilder MapCustomerDataApi(this IEndpointRouteBuilder app)
    {
        var customers = app.MapConsoleApi().RequireStaff(StaffPolicies.Owner).MapGroup("/customers");
        customers.MapPost("/export", ExportAsync).WithName("ExportCustomerData");
        customers.MapPost("/erase", EraseAsync).WithName("EraseCustomerData");
        customers.MapGet("/retention", GetRetentionAsync).WithName("GetMessageRetention");
        customers.MapPut("/retention", SetRetentionAsync).WithName("SetMessageRetention");
        return app;
    }

    /// <summary>Nothing held about them: an export without tables (the answer to the request is that there is nothing).</summary>
    internal static async Task<Results<Ok<CustomerData.Export>, ValidationProblem>> ExportAsync(CustomerRequest request, CustomerData data, CancellationToken ct) =>
        Parse(request) is { } customer ? TypedResults.Ok(await data.ExportAsync(customer, ct)) : Invalid(request);

    /// <summary>Nothing held about them: <c>leads: 0</c> and no rows, nothing changed.</summary>
    internal static async Task<Results<Ok<CustomerData.Erasure>, ValidationProblem>> EraseAsync(CustomerRequest request, CustomerData data, CancellationToken ct) =>
        Parse(request) is { } customer ? TypedResults.Ok(await data.EraseAsync(customer, ct)) : Invalid(request);

    internal static async Task<Ok<Retention>> GetRetentionAsync(AppDbContext db, TenantContext tenant, CancellationToken ct) =>
        TypedResults.Ok(new Retention(await db.Tenants.Where(t => t.Id == tenant.TenantId).Select(t => t.MessageRetentionMonths).SingleAsync(ct)));

    internal static async Task<Results<Ok<Retention>, ValidationProblem>> SetRetentionAsync(Retention request, AppDbContext db, TenantContext tenant, CancellationToken ct)
    {
        if (request.Months is < 1 or > MaxRetentionMonths)
            return Problems.Invalid("months", $"How many months to keep message bodies: 1 to {MaxRetentionMonths}, or none to keep them.");
        var row = await db.Tenants.SingleAsync(t => t.Id == tenant.TenantId, ct);
        row.MessageRetentionMonths = request.Months;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new Retention(row.MessageRetentionMonths));
    }

    /// <summary>Exactly one of the two, and a real one: a request for "both" could mix two people.</summary>
    private static CustomerData.Customer? Parse(CustomerRequest r)
    {
        var (phone, email) = (r.Phone?.Trim() is { Length: > 0 } p ? p : null, r.Email?.Trim() is { Length: > 0 } e ? e : null);
        if ((phone is null) == (email is null))
            return null;
        return phone is not null
            ? ContactNormalizer.ToE164(phone) is { } e164 ? new(e164, null) : null
            : ContactNormalizer.NormalizeEmail(email) is { } normalized ? new(null, normalized) : null;
    }

    private static ValidationProblem Invalid(CustomerRequest r) =>
        r.Phone is { Length: > 0 } && r.Email is { Length: > 0 } ? Problems.Invalid("email", "One customer at a time: their phone number or their email address, not both.")
        : r.Phone is { Length: > 0 } ? Problems.Invalid("phone", "A phone number, like (512) 555-0142 or +15125550142.")
        : r.Email is { Length: > 0 } ? Problems.Invalid("email", "An email address, like ana@example.com.")
        : Problems.Invalid("phone", "The customer's phone number or email address.");
}
