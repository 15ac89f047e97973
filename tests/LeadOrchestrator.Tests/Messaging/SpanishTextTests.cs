using System.Text.Json;
using LeadOrchestrator.Booking;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Messaging.Templates;
using LeadOrchestrator.ShopMonkey;
using LeadOrchestrator.Tenants;

namespace LeadOrchestrator.Tests.Messaging;

/// <summary>The Spanish wording itself: sizes, gaps, notices, and how a ShopMonkey customer says they read Spanish.</summary>
public sealed class SpanishTextTests
{
    private static readonly Location Shop = new()
    {
        Name = "Tint World Round Rock", TimeZone = "America/Chicago", Address1 = "2701 S Interstate 35 Frontage Rd", Address2 = "Suite 120",
        City = "Round Rock", State = "TX", PostalCode = "78664", Phone = "+15125550142",
        Hours =
        [
            .. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
                .Select(d => new LocationHours { DayOfWeek = d, Opens = new(8, 0), Closes = new(18, 0) }),
            new() { DayOfWeek = DayOfWeek.Saturday, Opens = new(9, 30), Closes = new(15, 0) },
            new() { DayOfWeek = DayOfWeek.Sunday },
        ],
    };

    private static MessageModel Model(string? firstName = "Maximiliano", string? vehicle = "2022 Chevrolet Silverado 1500", string? service = "IR Ceramic Window Tint - Full Vehicle") =>
        new(firstName, vehicle, service, Shop.Name, ShopText.DisplayPhone(Shop.Phone), ShopText.PostalAddress(Shop), ShopText.WeeklyHours(Shop.Hours, LeadLanguage.Spanish),
            new Uri("https://app.leadorchestrator.example/c/AQGiGZpRAHegvmOqxRfnrM0ByapceK8NDE5rCQfMbG00"),
            new Uri("https://app.leadorchestrator.example/u/AQGiGZpRAHegvmOqxRfnrM0B0LJc1ptGc3xS4iFJKWZW"), LeadLanguage.Spanish);

    [Fact]
    public void SpanishSmsTemplates_StayInGsm7_AndTwoSegments_WithLongRealisticValues()
    {
        foreach (var step in DefaultCadence.Steps.Where(s => s.Channel == Channel.Sms))
        {
            var text = Outbound.FirstTextRules(MessageTemplates.RenderSms(step.SpanishBody, Model()), Shop.Name, LeadLanguage.Spanish);
            var size = SmsText.Measure(text);
            Assert.True(size is { Encoding: "GSM-7", Segments: <= 2 }, $"step {step.Number}: {size} ({string.Join("", SmsText.NonGsm(text))}) — {text}");
        }
    }

    [Fact]
    public void SpanishTemplates_RenderWithoutAnyLeadDetails_AndEveryStepHasOne()
    {
        foreach (var step in DefaultCadence.Steps)
        {
            Assert.False(string.IsNullOrWhiteSpace(step.SpanishBody), $"step {step.Number}");
            var model = Model(firstName: null, vehicle: null, service: null);
            var text = step.Channel == Channel.Sms
                ? MessageTemplates.RenderSms(step.SpanishBody, model)
                : MessageTemplates.RenderEmail(step.SpanishSubject!, step.SpanishBody, model).Text;
            Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
            Assert.DoesNotContain("{%", text, StringComparison.Ordinal);
            Assert.DoesNotContain(" ,", text, StringComparison.Ordinal); // "Hola ," where a name was missing
            Assert.DoesNotContain("su !", text, StringComparison.Ordinal);
            Assert.All(text.Split('\n'), line => Assert.DoesNotContain("  ", line, StringComparison.Ordinal));
            Assert.True(MessageTemplates.Validate(step.Channel, step.SpanishSubject, step.SpanishBody, LeadLanguage.Spanish) is null, $"step {step.Number}");
        }
    }

    [Fact]
    public void TheFirstText_SaysHowToStop_InTheTextsLanguage()
    {
        Assert.Equal("Tint World Round Rock: Hola. Responda STOP para darse de baja.", Outbound.FirstTextRules("Hola.", Shop.Name, LeadLanguage.Spanish));
        Assert.Equal("Tint World Round Rock: Hi. Reply STOP to opt out.", Outbound.FirstTextRules("Hi.", Shop.Name));
    }

    [Fact]
    public void WeeklyHours_InSpanish()
    {
        Assert.Equal("lun-vie 8am-6pm, sáb 9:30am-3pm", ShopText.WeeklyHours(Shop.Hours, LeadLanguage.Spanish));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryNotice_InSpanish_NamesTheShopServiceTimeAndPlace_AndCarriesTheLink(NoticeKind kind)
    {
        var facts = Facts(LeadLanguage.Spanish);

        var sms = AppointmentMessages.Sms(kind, facts);
        var (subject, body) = AppointmentMessages.Email(kind, facts);

        foreach (var text in new[] { sms, body })
        {
            Assert.Contains("Ceramic Window Tint - Full Sedan", text, StringComparison.Ordinal);
            Assert.Contains("sáb 28 nov a las 9:00 am", text, StringComparison.Ordinal);
            Assert.Contains(facts.ChatLink.ToString(), text, StringComparison.Ordinal);
            Assert.DoesNotContain("you", text, StringComparison.OrdinalIgnoreCase);
        }
        Assert.StartsWith("Hola Ana:", body, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(subject));
        Assert.Contains("Tint World", sms, StringComparison.Ordinal);
        Assert.Contains("Sat, Nov 28 at 9:00 AM", AppointmentMessages.Sms(kind, Facts(LeadLanguage.English)), StringComparison.Ordinal);
    }

    public static TheoryData<NoticeKind> Kinds => [.. Enum.GetValues<NoticeKind>()];

    private static AppointmentFacts Facts(string language)
    {
        var start = new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);
        var appointment = new Appointment { Id = Guid.NewGuid(), Status = AppointmentStatus.Booked, StartsAt = start, EndsAt = start.AddHours(3) };
        var lead = new Lead { FirstName = "Ana", ShopMonkeyOrderId = "o", OrderStatus = "Estimate", Language = language };
        var service = new ServiceCatalogItem { Name = "Ceramic Window Tint - Full Sedan" };
        return new AppointmentFacts(appointment, lead, Shop, service, new Uri("https://app.leadorchestrator.example/c/token"));
    }

    [Theory]
    [InlineData("""{"note":"Spanish speaker - prefers texts"}""", "es")]
    [InlineData("""{"note":"Cliente habla español, llamar después de las 5"}""", "es")]
    [InlineData("""{"note":"No habla inglés"}""", "es")]
    [InlineData("""{"note":"Language: English"}""", "en")]
    [InlineData("""{"note":"Wants the Spanish-style pinstripe"}""", null)]
    [InlineData("""{"note":"Does not speak Spanish speaker well"}""", null)]
    [InlineData("""{"labels":[{"name":"VIP"},{"name":"Español"}]}""", "es")]
    [InlineData("""{"labels":[{"name":"Spanish"}]}""", "es")]
    [InlineData("""{"labels":[{"name":"Spanish Oaks neighbourhood fleet account customer"}]}""", null)]
    [InlineData("""{"customFields":{"Preferred Language":"Spanish"}}""", "es")]
    [InlineData("""{"customFields":{"language":"es-MX"}}""", "es")]
    [InlineData("""{"customFields":{"Idioma":"Inglés"}}""", "en")]
    [InlineData("""{"customFields":[{"name":"Language","value":"Español"}]}""", "es")]
    [InlineData("""{"customFields":[{"label":"Idioma","value":{"name":"español"}}]}""", "es")]
    [InlineData("""{"customFields":{"language":42,"notes":"spanish"}}""", null)]
    [InlineData("""{"customFields":"not an object","note":null}""", null)]
    [InlineData("""{}""", null)]
    public void AShopMonkeyCustomer_SaysTheirLanguage_InAFieldALabelOrANote(string json, string? expected)
    {
        var fields = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
        var customer = JsonSerializer.Deserialize<SmCustomer>(JsonSerializer.Serialize(new Dictionary<string, object> { ["id"] = "c1" }
            .Concat(fields.Select(f => KeyValuePair.Create(f.Key, (object)f.Value))).ToDictionary()), Web)!;

        Assert.Equal(expected, LeadLanguage.FromShopMonkey(customer));
    }

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void WhoDecides_StaffThenShopMonkeyThenTheCustomersWords()
    {
        var lead = new Lead { ShopMonkeyOrderId = "o", OrderStatus = "Estimate" };
        Assert.False(LeadLanguage.Observe(lead, "9:30")); // says nothing
        Assert.True(LeadLanguage.Observe(lead, "¿Cuánto cuesta?"));
        Assert.Equal((LeadLanguage.Spanish, LanguageSource.Detected), (lead.Language, lead.LanguageSource));
        Assert.True(LeadLanguage.ApplyShopMonkey(lead, new SmCustomer { Id = "c", Note = "Language: English" }));
        Assert.False(LeadLanguage.Observe(lead, "Hola, quiero una cita")); // ShopMonkey said: the words do not override it
        Assert.Equal(LeadLanguage.English, lead.Language);
        LeadLanguage.SetByStaff(lead, LeadLanguage.Spanish);
        Assert.False(LeadLanguage.ApplyShopMonkey(lead, new SmCustomer { Id = "c", Note = "Language: English" }));
        Assert.Equal((LeadLanguage.Spanish, LanguageSource.Staff), (lead.Language, lead.LanguageSource));
    }
}
