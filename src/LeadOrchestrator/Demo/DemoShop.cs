namespace LeadOrchestrator.Demo;

/// <summary>
/// The demo shop, shared by the seed (our tables) and the sandbox (ShopMonkey's side), so ids match
/// exactly as they would for a real connected shop. A window-tint franchise location with the 23
/// services the real shop's API showed: tint, paint protection film, ceramic coating.
/// </summary>
public static class DemoShop
{
    public const string TenantSlug = "demo";
    public const string TenantName = "Tint World Demo Franchise";

    public const string ShopMonkeyCompanyId = "6287a4154d1a72cc5ce091bb";
    public const string ShopMonkeyLocationId = "6287a4044d1a723b10eff1b0";

    public const string LocationName = "Tint World Round Rock";
    public const string TimeZone = "America/Chicago";
    public const string Address1 = "2701 S Interstate 35 Frontage Rd";
    public const string Address2 = "Suite 120";
    public const string City = "Round Rock";
    public const string State = "TX";
    public const string PostalCode = "78664";
    public const string Phone = "+15125550142";
    public const string Email = "roundrock@tintworld.example";
    public const string Website = "https://roundrock.tintworld.example";

    /// <summary>Weekly hours: weekdays 8–6, Saturday 9–3, closed Sunday.</summary>
    public static readonly IReadOnlyList<(DayOfWeek Day, TimeOnly? Opens, TimeOnly? Closes)> WeeklyHours =
    [
        (DayOfWeek.Monday, new(8, 0), new(18, 0)),
        (DayOfWeek.Tuesday, new(8, 0), new(18, 0)),
        (DayOfWeek.Wednesday, new(8, 0), new(18, 0)),
        (DayOfWeek.Thursday, new(8, 0), new(18, 0)),
        (DayOfWeek.Friday, new(8, 0), new(18, 0)),
        (DayOfWeek.Saturday, new(9, 0), new(15, 0)),
        (DayOfWeek.Sunday, null, null),
    ];

    public sealed record Service(string ShopMonkeyId, string Name, string Category, long PriceCents, double LaborHours, bool Bookable, string Note);

    public static readonly IReadOnlyList<Service> Services =
    [
        new("64f1c0a1b2c3d4e5f6a70001", "Carbon Window Tint - 2 Front Windows", "Window Tint", 14_900, 1.0, true, "Match the factory rear privacy glass. Lifetime warranty."),
        new("64f1c0a1b2c3d4e5f6a70002", "Carbon Window Tint - Full Sedan", "Window Tint", 29_900, 2.5, true, "All side and rear windows; carbon film, no signal interference."),
        new("64f1c0a1b2c3d4e5f6a70003", "Carbon Window Tint - Full SUV/Truck", "Window Tint", 34_900, 3.0, true, "All side and rear windows of an SUV, truck or van."),
        new("64f1c0a1b2c3d4e5f6a70004", "Ceramic Window Tint - 2 Front Windows", "Window Tint", 19_900, 1.0, true, "Nano-ceramic film, up to 88% infrared heat rejection."),
        new("64f1c0a1b2c3d4e5f6a70005", "Ceramic Window Tint - Full Sedan", "Window Tint", 44_900, 3.0, true, "Nano-ceramic film on all side and rear windows."),
        new("64f1c0a1b2c3d4e5f6a70006", "Ceramic Window Tint - Full SUV/Truck", "Window Tint", 49_900, 3.5, true, "Nano-ceramic film on all side and rear windows of an SUV or truck."),
        new("64f1c0a1b2c3d4e5f6a70007", "IR Ceramic Window Tint - Full Vehicle", "Window Tint", 64_900, 4.0, true, "Our best heat rejection: multilayer IR ceramic on every window but the windshield."),
        new("64f1c0a1b2c3d4e5f6a70008", "Ceramic Windshield Tint (Clear 70%)", "Window Tint", 24_900, 1.5, true, "Nearly clear ceramic film that blocks heat and UV; legal in Texas."),
        new("64f1c0a1b2c3d4e5f6a70009", "Windshield Sun Strip", "Window Tint", 6_900, 0.5, true, "Visor band across the top of the windshield."),
        new("64f1c0a1b2c3d4e5f6a70010", "Sunroof Tint", "Window Tint", 8_900, 0.75, true, "Ceramic film on a standard sunroof."),
        new("64f1c0a1b2c3d4e5f6a70011", "Tint Removal - Full Vehicle", "Window Tint", 14_900, 2.0, true, "Steam removal of old film and adhesive, defroster lines protected."),
        new("64f1c0a1b2c3d4e5f6a70012", "Tint Removal - Rear Windshield", "Window Tint", 9_900, 1.0, true, "Rear glass only, defroster lines protected."),
        new("64f1c0a1b2c3d4e5f6a70013", "Paint Protection Film - Partial Front", "Paint Protection Film", 89_500, 6.0, true, "Bumper, 18-24 in. of hood and fenders, mirror caps."),
        new("64f1c0a1b2c3d4e5f6a70014", "Paint Protection Film - Full Front", "Paint Protection Film", 189_500, 8.0, true, "Full bumper, full hood, full fenders, mirror caps."),
        new("64f1c0a1b2c3d4e5f6a70015", "Paint Protection Film - Track Pack", "Paint Protection Film", 249_500, 12.0, false, "Full front plus rocker panels, A-pillars and roof leading edge. Call to schedule."),
        new("64f1c0a1b2c3d4e5f6a70016", "Paint Protection Film - Full Vehicle", "Paint Protection Film", 599_500, 24.0, false, "Every painted panel; a 3-day job. Call to schedule."),
        new("64f1c0a1b2c3d4e5f6a70017", "Headlight Protection Film", "Paint Protection Film", 14_900, 1.0, true, "Clear film against chips and yellowing."),
        new("64f1c0a1b2c3d4e5f6a70018", "Door Cups and Door Edges PPF", "Paint Protection Film", 19_900, 1.0, true, "Stops ring and key scratches behind the handles."),
        new("64f1c0a1b2c3d4e5f6a70019", "Ceramic Coating - 1 Year (Exterior)", "Ceramic Coating", 49_900, 4.0, true, "Wash, decontamination and a 1-year coating on paint."),
        new("64f1c0a1b2c3d4e5f6a70020", "Ceramic Coating - 5 Year (Paint and Wheels)", "Ceramic Coating", 119_900, 8.0, true, "One-step polish plus a 5-year coating on paint and wheel faces."),
        new("64f1c0a1b2c3d4e5f6a70021", "Ceramic Coating - Lifetime (Paint, Wheels, Glass, Trim)", "Ceramic Coating", 189_900, 12.0, true, "Paint correction and our lifetime coating on every exterior surface."),
        new("64f1c0a1b2c3d4e5f6a70022", "Paint Correction - One Step Polish", "Ceramic Coating", 39_900, 5.0, true, "Removes light swirls and restores gloss."),
        new("64f1c0a1b2c3d4e5f6a70023", "Interior Ceramic Coating", "Ceramic Coating", 24_900, 2.0, true, "Leather, vinyl and fabric protection against stains and UV."),
    ];

    /// <summary>US holidays this shop closes for, in <paramref name="year"/>.</summary>
    public static IEnumerable<(DateOnly Date, string Note)> Holidays(int year)
    {
        yield return (new DateOnly(year, 1, 1), "New Year's Day");
        yield return (LastWeekday(year, 5, DayOfWeek.Monday), "Memorial Day");
        yield return (new DateOnly(year, 7, 4), "Independence Day");
        yield return (NthWeekday(year, 9, DayOfWeek.Monday, 1), "Labor Day");
        yield return (NthWeekday(year, 11, DayOfWeek.Thursday, 4), "Thanksgiving");
        yield return (new DateOnly(year, 12, 25), "Christmas Day");
    }

    private static DateOnly NthWeekday(int year, int month, DayOfWeek day, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)day - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + (7 * (n - 1)));
    }

    private static DateOnly LastWeekday(int year, int month, DayOfWeek day)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(((int)last.DayOfWeek - (int)day + 7) % 7));
    }
}
