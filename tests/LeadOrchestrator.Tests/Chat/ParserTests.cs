using LeadOrchestrator.Chat;
using LeadOrchestrator.Tenants;

namespace LeadOrchestrator.Tests.Chat;

/// <summary>The assistant's time and service parsers, in English and Spanish, said on Tuesday Nov 24 2026.</summary>
public sealed class ParserTests
{
    private static readonly DateOnly Tuesday = new(2026, 11, 24);

    [Theory]
    [InlineData("can I come tomorrow at 10?", "2026-11-25", null, "10:00", null, null)]
    [InlineData("tmrw 10am", "2026-11-25", null, "10:00", null, null)]
    [InlineData("saturday morning", "2026-11-28", null, null, null, "12:00")]
    [InlineData("anything after 5?", null, null, null, "17:00", null)]
    [InlineData("next week sometime", "2026-11-30", "2026-12-06", null, null, null)]
    [InlineData("friday at 2pm", "2026-11-27", null, "14:00", null, null)]
    [InlineData("friday at 2", "2026-11-27", null, "14:00", null, null)]
    [InlineData("the 9:30 one", null, null, "09:30", null, null)]
    [InlineData("nov 27 at noon", "2026-11-27", null, "12:00", null, null)]
    [InlineData("12/1 around 9", "2026-12-01", null, "09:00", null, null)]
    [InlineData("thanksgiving at 9", "2026-11-26", null, "09:00", null, null)]
    [InlineData("can I bring it in earlier, like 8 tomorrow?", "2026-11-25", null, "08:00", null, null)]
    [InlineData("this afternoon", "2026-11-24", null, null, "12:00", "17:00")]
    [InlineData("mañana a las 10", "2026-11-25", null, "10:00", null, null)]
    [InlineData("manana a las 3", "2026-11-25", null, "15:00", null, null)]
    [InlineData("el sábado por la mañana", "2026-11-28", null, null, null, "12:00")]
    [InlineData("mañana por la mañana", "2026-11-25", null, null, null, "12:00")]
    [InlineData("a las 7 de la mañana", null, null, "07:00", null, "12:00")]
    [InlineData("después de las 5", null, null, null, "17:00", null)]
    [InlineData("la próxima semana", "2026-11-30", "2026-12-06", null, null, null)]
    [InlineData("el viernes a las 2 de la tarde", "2026-11-27", null, "14:00", "12:00", "17:00")]
    [InlineData("27 de noviembre", "2026-11-27", null, null, null, null)]
    [InlineData("el miércoles", "2026-11-25", null, null, null, null)]
    [InlineData("jan 5", "2027-01-05", null, null, null, null)]
    [InlineData("my appointment is tuesday the 15th at 8am, can i push it to 1pm that same day?", "2026-12-15", null, "13:00", null, null)]
    [InlineData("cancel my appointment on the 4th", "2026-12-04", null, null, null, null)]
    [InlineData("tienen el lunes 30 a las 2 de la tarde?", "2026-11-30", null, "14:00", "12:00", "17:00")]
    public void TimeRequest_ReadsTheDayAndTime(string text, string? day, string? until, string? at, string? after, string? before)
    {
        var r = TimeRequest.Parse(text, Tuesday);

        Assert.Null(r.Problem);
        Assert.Equal((D(day), D(until), T(at), T(after), T(before)), (r.Day, r.Until, r.At, r.After, r.Before));
    }

    [Theory]
    [InlineData("feb 30 at 10", "February 30 is not a date")]
    [InlineData("can I come at 25:00", "25:00 is not a time of day")]
    [InlineData("13/45", "13/45 is not a date")]
    [InlineData("30 de febrero", "February 30 is not a date")]
    [InlineData("at 10:75", "10:75 is not a time of day")]
    public void TimeRequest_SaysWhatDoesNotExist(string text, string problem) =>
        Assert.Equal(problem, TimeRequest.Parse(text, Tuesday).Problem);

    [Theory]
    [InlineData("hello")]
    [InlineData("👍")]
    [InlineData("")]
    [InlineData("how much is ceramic tint")]
    public void TimeRequest_IsEmpty_WithoutADayOrTime(string text) => Assert.True(TimeRequest.Parse(text, Tuesday).IsEmpty);

    private static readonly List<ServiceCatalogItem> Catalog =
    [
        Service("Ceramic Window Tint - Sedan", "Window Tint", 399),
        Service("Ceramic Window Tint - SUV/Truck", "Window Tint", 449),
        Service("Carbon Window Tint - Sedan", "Window Tint", 249),
        Service("Carbon Window Tint - SUV/Truck", "Window Tint", 289),
        Service("Windshield Ceramic Tint", "Window Tint", 199),
        Service("Windshield Sun Strip", "Window Tint", 69),
        Service("Paint Protection Film - Partial Front", "Paint Protection Film", 895),
        Service("Paint Protection Film - Full Front", "Paint Protection Film", 1795),
        Service("Ceramic Coating - 1 Year", "Ceramic Coating", 599),
    ];

    [Theory]
    [InlineData("do you do PPF on a Tesla Model 3?", null, "Paint Protection Film - Partial Front|Paint Protection Film - Full Front")]
    [InlineData("clear bra full front", null, "Paint Protection Film - Full Front")]
    [InlineData("ceramic tint on a truck", null, "Ceramic Window Tint - SUV/Truck")]
    [InlineData("how much is ceramic tint", "2022 Tesla Model 3", "Ceramic Window Tint - Sedan")]
    [InlineData("how much is ceramic tint", "2020 Ford F-150", "Ceramic Window Tint - SUV/Truck")]
    [InlineData("how much is ceramic tint", null, "Ceramic Window Tint - Sedan|Ceramic Window Tint - SUV/Truck")]
    [InlineData("carbon tint for my rav4", null, "Carbon Window Tint - SUV/Truck")]
    [InlineData("ceramic coating", null, "Ceramic Coating - 1 Year")]
    [InlineData("sun strip", null, "Windshield Sun Strip")]
    [InlineData("¿cuánto cuesta el polarizado cerámico?", "2018 Honda Civic", "Ceramic Window Tint - Sedan")]
    [InlineData("polarizado de carbon para mi camioneta", null, "Carbon Window Tint - SUV/Truck")]
    [InlineData("película de protección para la pintura", null, "Paint Protection Film - Partial Front|Paint Protection Film - Full Front")]
    [InlineData("recubrimiento cerámico", null, "Ceramic Coating - 1 Year")]
    [InlineData("parabrisas", null, "Windshield Sun Strip|Windshield Ceramic Tint")]
    // The service that covers most of what was said, though another has more of its words ("ceramic window tint").
    [InlineData("i want to book the windshield ceramic tint", "2018 Honda Civic", "Windshield Ceramic Tint")]
    [InlineData("polarizado ceramico del parabrisas completo", "2020 Ford F-150", "Windshield Ceramic Tint")]
    [InlineData("can you tint my windshield", null, "Windshield Sun Strip|Windshield Ceramic Tint")]
    public void ServiceMatcher_FindsTheServicesMeant(string words, string? vehicle, string expected)
    {
        var parts = vehicle?.Split(' ', 3);
        var matched = ServiceMatcher.Match(Catalog, words, ServiceMatcher.ClassOf(words, parts?[1], parts?[2]));

        Assert.Equal(expected.Split('|').Order(), matched.Select(s => s.Name).Order());
    }

    [Theory]
    [InlineData("do you do oil changes?", "oil changes")]
    [InlineData("can you fix my brakes", "brakes")]
    [InlineData("¿hacen cambio de aceite?", "cambio de aceite")]
    [InlineData("how much is ceramic tint", null)]
    [InlineData("hello", null)]
    public void ServiceMatcher_NamesWhatTheShopDoesNotDo(string words, string? notOffered) =>
        Assert.Equal(notOffered, ServiceMatcher.NotOffered(words));

    [Theory]
    [InlineData("what's your cheapest option", true)]
    [InlineData("¿qué es lo más barato?", true)]
    [InlineData("how much is ceramic", false)]
    public void ServiceMatcher_HearsCheapest(string words, bool cheapest) => Assert.Equal(cheapest, ServiceMatcher.WantsCheapest(words));

    private static ServiceCatalogItem Service(string name, string category, int dollars) =>
        new() { Id = Guid.NewGuid(), Name = name, Category = category, PriceCents = dollars * 100, DurationMinutes = 60, Bookable = true };

    private static DateOnly? D(string? s) => s is null ? null : DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static TimeOnly? T(string? s) => s is null ? null : TimeOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}
