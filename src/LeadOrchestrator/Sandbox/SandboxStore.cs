using System.Globalization;
using System.Security.Cryptography;
using LeadOrchestrator.Demo;
using LeadOrchestrator.ShopMonkey;

namespace LeadOrchestrator.Sandbox;

/// <summary>
/// The sandbox's ShopMonkey account, in memory: the demo location, its 23 canned services, a few
/// customers with older orders and appointments. New orders come from <c>POST /sandbox/shopmonkey/orders</c>.
/// Restarting the app resets it, as a sandbox should.
/// </summary>
public sealed class SandboxStore
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, SmOrder> _orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SmCustomer> _customers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SmVehicle> _vehicles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SmAppointment> _appointments = new(StringComparer.Ordinal);
    private int _nextOrderNumber = 1001;

    public SandboxStore(TimeProvider time)
    {
        _time = time;
        Location = new SmLocation
        {
            Id = DemoShop.ShopMonkeyLocationId,
            Name = DemoShop.LocationName,
            Address1 = DemoShop.Address1,
            Address2 = DemoShop.Address2,
            City = DemoShop.City,
            State = DemoShop.State,
            PostalCode = DemoShop.PostalCode,
            Country = "US",
            Timezone = DemoShop.TimeZone,
            Phone = DemoShop.Phone,
            Email = DemoShop.Email,
            Website = DemoShop.Website,
        };
        CannedServices = DemoShop.Services.Select(s => new SmCannedService
        {
            Id = s.ShopMonkeyId,
            Name = s.Name,
            Note = s.Note,
            TotalCents = s.PriceCents,
            FixedPriceCents = s.PriceCents,
            Pricing = "FixedPrice",
            Bookable = s.Bookable,
            Deleted = false,
            LocationId = DemoShop.ShopMonkeyLocationId,
            Labors = [new SmCannedServiceLabor("Installation", s.LaborHours, (long)Math.Round(s.PriceCents / s.LaborHours))],
            Labels = [new SmLabel(s.Category)],
        }).ToList();
        SeedHistory();
    }

    public SmLocation Location { get; }
    public IReadOnlyList<SmCannedService> CannedServices { get; }

    public sealed record NewEstimate(string FirstName, string LastName, string? Phone, string? Email, int Year, string Make, string Model, SmCannedService Service);

    /// <summary>Creates customer, vehicle and an estimate for the service, as a service writer would.</summary>
    public (SmOrder Order, SmCustomer Customer, SmVehicle Vehicle) CreateEstimate(NewEstimate e)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var customer = new SmCustomer
            {
                Id = NewHexId(),
                FirstName = e.FirstName,
                LastName = e.LastName,
                CustomerType = "Customer",
                Emails = e.Email is null ? [] : [new SmEmail(NewHexId(), e.Email, true, true)],
                PhoneNumbers = e.Phone is null ? [] : [new SmPhoneNumber(NewHexId(), e.Phone, null, true, "Mobile", null, "US")],
                Country = "US",
                PreferredContactMethod = "SMS",
                CreatedDate = now,
                UpdatedDate = now,
            };
            var vehicle = new SmVehicle { Id = NewHexId(), Year = e.Year, Make = e.Make, Model = e.Model, Size = "LightDuty", Owners = [customer.Id] };
            var order = new SmOrder
            {
                Id = Guid.NewGuid().ToString(),
                PublicId = Guid.NewGuid().ToString(),
                Number = (_nextOrderNumber++).ToString(CultureInfo.InvariantCulture),
                Name = e.Service.Name,
                Status = "Estimate",
                CustomerId = customer.Id,
                VehicleId = vehicle.Id,
                LocationId = DemoShop.ShopMonkeyLocationId,
                CompanyId = DemoShop.ShopMonkeyCompanyId,
                GeneratedCustomerName = $"{e.FirstName} {e.LastName}",
                GeneratedVehicleName = $"{e.Year} {e.Make} {e.Model}",
                Authorized = false,
                Invoiced = false,
                Paid = false,
                Archived = false,
                Deleted = false,
                TotalCostCents = e.Service.TotalCents,
                OrderCreatedDate = now,
                CreatedDate = now,
                UpdatedDate = now,
            };
            _customers[customer.Id] = customer;
            _vehicles[vehicle.Id] = vehicle;
            _orders[order.Id] = order;
            return (order, customer, vehicle);
        }
    }

    /// <summary>Moves an order along (Estimate → RepairOrder → Invoice), returning the new row and the changed fields.</summary>
    public (SmOrder Order, List<string> Diff)? ChangeStatus(string orderId, string status, bool paid)
    {
        lock (_gate)
        {
            if (!_orders.TryGetValue(orderId, out var order))
                return null;
            var updated = order with
            {
                Status = status,
                Authorized = status != "Estimate" || order.Authorized == true,
                Invoiced = status == "Invoice" || order.Invoiced == true,
                Paid = paid || order.Paid == true,
                UpdatedDate = _time.GetUtcNow(),
            };
            _orders[orderId] = updated;
            var diff = new List<string> { "status", "updatedDate" };
            if (updated.Paid != order.Paid)
                diff.Add("paid");
            if (updated.Invoiced != order.Invoiced)
                diff.Add("invoiced");
            return (updated, diff);
        }
    }

    public SmOrder? Order(string id) { lock (_gate) return _orders.GetValueOrDefault(id); }
    public SmCustomer? Customer(string id) { lock (_gate) return _customers.GetValueOrDefault(id); }
    public SmVehicle? Vehicle(string id) { lock (_gate) return _vehicles.GetValueOrDefault(id); }
    public SmAppointment? Appointment(string id) { lock (_gate) return _appointments.GetValueOrDefault(id); }

    public List<SmOrder> Orders() { lock (_gate) return [.. _orders.Values]; }
    public List<SmAppointment> Appointments() { lock (_gate) return [.. _appointments.Values]; }

    public List<SmVehicle> VehiclesOf(string customerId)
    {
        lock (_gate)
            return [.. _vehicles.Values.Where(v => v.Owners?.Contains(customerId) == true)];
    }

    public SmAppointment AddAppointment(SmCreateAppointment a)
    {
        var now = _time.GetUtcNow();
        var appointment = new SmAppointment
        {
            Id = NewHexId(),
            Name = a.Name,
            Color = a.Color,
            Note = a.Note,
            StartDate = DateTimeOffset.Parse(a.StartDate, CultureInfo.InvariantCulture).ToUniversalTime(),
            EndDate = DateTimeOffset.Parse(a.EndDate, CultureInfo.InvariantCulture).ToUniversalTime(),
            CustomerId = a.CustomerId,
            VehicleId = a.VehicleId,
            OrderId = a.OrderId,
            LocationId = a.LocationId ?? DemoShop.ShopMonkeyLocationId,
            ConfirmationStatus = "NoResponse",
            AllDay = false,
            CreatedDate = now,
            UpdatedDate = now,
        };
        lock (_gate)
            _appointments[appointment.Id] = appointment;
        return appointment;
    }

    public SmAppointment? UpdateAppointment(string id, Func<SmAppointment, SmAppointment> change)
    {
        lock (_gate)
        {
            if (!_appointments.TryGetValue(id, out var current))
                return null;
            var updated = change(current) with { UpdatedDate = _time.GetUtcNow() };
            _appointments[id] = updated;
            return updated;
        }
    }

    public bool RemoveAppointment(string id) { lock (_gate) return _appointments.Remove(id); }

    /// <summary>The shop's one technician: the calendar search wants technician ids.</summary>
    public IReadOnlyList<SmUser> Users { get; } = [new SmUser { Id = "6287a4384d1a72aa01e09100", FirstName = "Sam", LastName = "Alvarez", Active = true }];

    /// <summary>A weekday lunch block for one bay. Like ShopMonkey, list and search leave recurring blocks out.</summary>
    public SmAppointment LunchBlock { get; private set; } = null!;

    /// <summary>What <c>search_replacement</c> returns: single appointments and each weekday occurrence of the lunch block.</summary>
    public List<SmAppointment> Calendar(DateTimeOffset from, DateTimeOffset to)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(DemoShop.TimeZone);
        var rows = Appointments().Where(a => a.StartDate < to && a.EndDate > from).ToList();
        var lunch = LunchBlock;
        var (opens, closes) = (TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(lunch.StartDate!.Value, zone).DateTime), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(lunch.EndDate!.Value, zone).DateTime));
        for (var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime); day <= DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(to, zone).DateTime); day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                continue;
            var (start, end) = (day.ToDateTime(opens), day.ToDateTime(closes));
            var occurrence = lunch with
            {
                StartDate = new DateTimeOffset(start, zone.GetUtcOffset(start)).ToUniversalTime(),
                EndDate = new DateTimeOffset(end, zone.GetUtcOffset(end)).ToUniversalTime(),
            };
            if (occurrence.StartDate < to && occurrence.EndDate > from && occurrence.StartDate >= lunch.StartDate)
                rows.Add(occurrence);
        }
        return [.. rows.OrderBy(r => r.StartDate)];
    }

    /// <summary>A few customers with older orders (outside any first poll's look-back) and two booked jobs.</summary>
    private void SeedHistory()
    {
        var now = _time.GetUtcNow();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(DemoShop.TimeZone);
        (string First, string Last, string Phone, string Email, int Year, string Make, string Model, int Service, string Status, int DaysAgo)[] history =
        [
            ("Marcus", "Reed", "+15125550117", "marcus.reed@example.com", 2021, "Toyota", "Camry", 4, "Estimate", 3),
            ("Priya", "Shah", "+15125550128", "priya.shah@example.com", 2023, "Tesla", "Model Y", 6, "RepairOrder", 6),
            ("Dana", "Whitfield", "+15125550139", "dana.w@example.com", 2019, "Ford", "F-150", 2, "Invoice", 12),
            ("Luis", "Ortega", "+15125550151", "luis.ortega@example.com", 2022, "Honda", "Civic", 18, "Estimate", 20),
        ];
        foreach (var h in history)
        {
            var (order, customer, vehicle) = CreateEstimate(new NewEstimate(h.First, h.Last, h.Phone, h.Email, h.Year, h.Make, h.Model, CannedServices[h.Service]));
            var then = now.AddDays(-h.DaysAgo);
            _orders[order.Id] = order with
            {
                Status = h.Status,
                Authorized = h.Status != "Estimate",
                Invoiced = h.Status == "Invoice",
                Paid = h.Status == "Invoice",
                OrderCreatedDate = then,
                CreatedDate = then,
                UpdatedDate = then.AddHours(2),
            };
            if (h.Status == "RepairOrder")
            {
                var start = NextLocal(now, zone, 1, new TimeOnly(9, 0));
                AddAppointment(new SmCreateAppointment($"{order.Name}", "blue", ShopMonkeyClient.FormatWithOffset(start, zone),
                    ShopMonkeyClient.FormatWithOffset(start.AddHours(3.5), zone), customer.Id, vehicle.Id, order.Id, DemoShop.ShopMonkeyLocationId, "Dropping off before work."));
            }
        }
        var delivery = NextLocal(now, zone, 2, new TimeOnly(13, 0));
        AddAppointment(new SmCreateAppointment("Bay 2 blocked: film delivery", "gray", ShopMonkeyClient.FormatWithOffset(delivery, zone),
            ShopMonkeyClient.FormatWithOffset(delivery.AddHours(2), zone), null, null, null, DemoShop.ShopMonkeyLocationId, null));
        var lunch = NextLocal(now, zone, -7, new TimeOnly(12, 0));
        LunchBlock = new SmAppointment
        {
            Id = NewHexId(), Name = "Lunch (bay 1)", Color = "gray", StartDate = lunch, EndDate = lunch.AddHours(1), AllDay = false,
            LocationId = DemoShop.ShopMonkeyLocationId, Rruleset = "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", ConfirmationStatus = "Confirmed",
            CreatedDate = now, UpdatedDate = now,
        };
    }

    private static DateTimeOffset NextLocal(DateTimeOffset now, TimeZoneInfo zone, int daysAhead, TimeOnly at)
    {
        var localDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime).AddDays(daysAhead);
        var local = localDate.ToDateTime(at);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static string NewHexId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
