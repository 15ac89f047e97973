using LeadOrchestrator.ShopMonkey;

namespace LeadOrchestrator.Leads;

/// <summary>What an order means for follow-up, in one place for the webhook path and the poller.</summary>
public static class LeadRules
{
    /// <summary>An estimate nobody has acted on yet: the only kind of order that becomes a new lead.</summary>
    public static bool IsOpenEstimate(SmOrder order) =>
        string.Equals(order.Status, "Estimate", StringComparison.OrdinalIgnoreCase)
        && order.Paid != true && order.Invoiced != true && order.Archived != true && order.Deleted != true;

    /// <summary>The customer bought in the shop: the order became a repair order or invoice, or was paid.</summary>
    public static bool IsConverted(SmOrder order) =>
        order.Paid == true || order.Invoiced == true
        || (order.Status is { } status && !string.Equals(status, "Estimate", StringComparison.OrdinalIgnoreCase));

    /// <summary>Copies the order's state onto the lead.</summary>
    public static void ApplyOrder(Lead lead, SmOrder order, DateTimeOffset now)
    {
        lead.ShopMonkeyOrderNumber = Clip(order.Number, 32) ?? lead.ShopMonkeyOrderNumber;
        lead.EstimateName = Clip(order.DisplayName, 200) ?? lead.EstimateName;
        lead.EstimateTotalCents = order.TotalCostCents ?? lead.EstimateTotalCents;
        lead.OrderStatus = Clip(order.Status, 32) ?? lead.OrderStatus;
        lead.OrderAuthorized = order.Authorized == true;
        lead.OrderInvoiced = order.Invoiced == true;
        lead.OrderPaid = order.Paid == true;
        lead.OrderArchived = order.Archived == true || order.Deleted == true;
        lead.OrderUpdatedAt = (order.UpdatedDate ?? now).ToUniversalTime();
        if (IsConverted(order))
            lead.ConvertedAt ??= now;
        lead.UpdatedAt = now;
    }

    public static void ApplyCustomer(Lead lead, SmCustomer customer, string region)
    {
        lead.ShopMonkeyCustomerId = customer.Id;
        lead.FirstName = Clip(customer.FirstName?.Trim(), 100);
        lead.LastName = Clip(customer.LastName?.Trim(), 100);
        lead.Phone = ContactNormalizer.BestPhone(customer.PhoneNumbers, customer.Country ?? region);
        lead.Email = ContactNormalizer.BestEmail(customer.Emails);
        LeadLanguage.ApplyShopMonkey(lead, customer);
    }

    public static void ApplyVehicle(Lead lead, SmVehicle? vehicle)
    {
        lead.ShopMonkeyVehicleId = vehicle?.Id;
        lead.VehicleYear = vehicle?.Year is >= 1900 and <= 2100 ? vehicle.Year : null;
        lead.VehicleMake = Clip(vehicle?.Make?.Trim(), 60);
        lead.VehicleModel = Clip(vehicle?.Model?.Trim(), 60);
        lead.VehicleSubmodel = Clip(vehicle?.Submodel?.Trim(), 60);
    }

    private static string? Clip(string? value, int max) =>
        string.IsNullOrEmpty(value) ? null : value.Length > max ? value[..max] : value;
}
