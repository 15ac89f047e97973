using LeadOrchestrator.Booking;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tenants;
using LeadOrchestrator.Tests.Infrastructure;

namespace LeadOrchestrator.Tests.Roles;

internal enum Case { Own, OtherLocation, OtherTenant }

/// <summary>The rows each case's requests name: the acting colleague's location (A1), another of the tenant (A2), another tenant's.</summary>
internal sealed record Place(Guid Location, Guid Lead, Guid Conversation, Guid Appointment, Guid User, Guid SavedReply);

internal sealed record World(Place Own, Place OtherLocation, Place OtherTenant, Guid ServiceId, DateTimeOffset Tomorrow)
{
    public Guid OwnerId { get; init; }

    public Place Of(Case c) => c switch { Case.Own => Own, Case.OtherLocation => OtherLocation, _ => OtherTenant };
}

/// <summary>A tenant of two locations and another tenant, each location with its rows and colleagues (see <see cref="SeedAsync"/>).</summary>
internal static class ScopedTenant
{
    public const string DeskEmail = "desk@acme.example", DeskPassword = "front desk password 1";
    public const string OwnerEmail = "owner@acme.example", OwnerPassword = "owner password 123";

    /// <summary>
    /// Tenant acme with locations A1 (the harness's) and A2, each with a lead, its conversation, an appointment and a
    /// front-desk colleague (<see cref="Place.User"/>); acme's manager (the harness's) and a front desk
    /// (<see cref="DeskEmail"/>) work at A1, its owner (<see cref="OwnerEmail"/>) everywhere. Another tenant has the same rows.
    /// </summary>
    public static async Task<World> SeedAsync(ChatHarness h)
    {
        var tenant = h.Messaging.TenantId;
        var a1 = h.Messaging.Intake.LocationId;
        var a2 = await AddLocationAsync(h, tenant, "acme Georgetown");
        var (otherTenant, b1) = await IntakeHarness.SeedTenantAsync(h.App, "other", "other-secret", h.Messaging.Intake.ShopMonkey.BaseUrl.ToString(), "loc-other");
        var service = await h.ServiceIdAsync(ChatHarness.Ceramic);
        var otherService = await h.App.DbAsync(async db =>
        {
            var item = new ServiceCatalogItem { Id = Guid.NewGuid(), TenantId = otherTenant, Name = "Other tint", Active = true, Bookable = true, DurationMinutes = 60 };
            db.ServiceCatalog.Add(item);
            await db.SaveChangesAsync();
            return item.Id;
        });
        await h.Messaging.AddStaffAsync(DeskEmail, DeskPassword, StaffRole.FrontDesk, locationIds: [a1]);
        var ownerId = await h.Messaging.AddStaffAsync(OwnerEmail, OwnerPassword, StaffRole.Owner);
        var tomorrow = h.App.Time.GetUtcNow().Date.AddDays(1).AddHours(15);
        var own = await PlaceAsync(h, tenant, a1, service, "desk2@acme.example", "555-0201");
        var otherLocation = await PlaceAsync(h, tenant, a2, service, "desk-a2@acme.example", "555-0202");
        var foreign = await PlaceAsync(h, otherTenant, b1, otherService, "desk@other.example", "555-0203");
        return new World(own, otherLocation, foreign, service, new DateTimeOffset(tomorrow, TimeSpan.Zero)) { OwnerId = ownerId };
    }

    private static Task<Guid> AddLocationAsync(ChatHarness h, Guid tenant, string name) =>
        h.App.DbAsync(async db =>
        {
            var location = new Location
            {
                Id = Guid.NewGuid(), TenantId = tenant, Name = name, TimeZone = "America/Chicago", Address1 = "2 Main St", City = "Georgetown",
                State = "TX", PostalCode = "78626", Phone = "+15125550143", ShopMonkeyLocationId = "loc-2", CreatedAt = h.App.Time.GetUtcNow(),
            };
            db.Locations.Add(location);
            foreach (var day in Enum.GetValues<DayOfWeek>())
                db.LocationHours.Add(new LocationHours { TenantId = tenant, LocationId = location.Id, DayOfWeek = day, Opens = new(8, 0), Closes = new(18, 0) });
            await db.SaveChangesAsync();
            return location.Id;
        });

    /// <summary>A location's lead (with its conversation, waiting for a person), an appointment tomorrow, a front desk, and a saved reply of its tenant.</summary>
    private static async Task<Place> PlaceAsync(ChatHarness h, Guid tenant, Guid location, Guid service, string deskEmail, string phone)
    {
        var user = await h.Messaging.AddStaffAsync(deskEmail, "a colleague's password", StaffRole.FrontDesk, tenant, [location]);
        return await h.App.DbAsync(async db =>
        {
            var now = h.App.Time.GetUtcNow();
            var lead = new Lead
            {
                Id = Guid.NewGuid(), TenantId = tenant, LocationId = location, ShopMonkeyOrderId = $"order-{phone}", OrderStatus = "Estimate",
                FirstName = "Pat", Phone = $"+1512{phone.Replace("-", "")}", CadenceStatus = LeadOrchestrator.Cadence.CadenceStatus.Active,
                CreatedAt = now, UpdatedAt = now, OrderCreatedAt = now, OrderUpdatedAt = now,
            };
            var session = new ChatSession
            {
                Id = Guid.NewGuid(), TenantId = tenant, LeadId = lead.Id, LocationId = location, NeedsStaff = true, NeedsStaffReason = "Asked for a person",
                NeedsStaffAt = now, LastMessageAt = now, CreatedAt = now, UpdatedAt = now,
            };
            var start = now.Date.AddDays(1).AddHours(16);
            var appointment = new Appointment
            {
                Id = Guid.NewGuid(), TenantId = tenant, LeadId = lead.Id, LocationId = location, ServiceId = service, Status = AppointmentStatus.Booked,
                StartsAt = new DateTimeOffset(start, TimeSpan.Zero), EndsAt = new DateTimeOffset(start.AddHours(2), TimeSpan.Zero), CreatedAt = now, UpdatedAt = now,
            };
            var reply = new SavedReply { Id = Guid.NewGuid(), TenantId = tenant, Title = $"Hours {phone}", Body = "We are open {{ shop.hours }}.", CreatedAt = now, UpdatedAt = now };
            db.AddRange(lead, session, appointment, reply);
            await db.SaveChangesAsync();
            return new Place(location, lead.Id, session.Id, appointment.Id, user, reply.Id);
        });
    }
}
