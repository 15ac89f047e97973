using LeadOrchestrator.Cadence;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Messaging.Templates;
using LeadOrchestrator.Tenants;

namespace LeadOrchestrator.Tests.Messaging;

public sealed class MessageTextTests
{
    [Theory]
    [InlineData(160, "GSM-7", 1)]
    [InlineData(161, "GSM-7", 2)]
    [InlineData(306, "GSM-7", 2)]
    [InlineData(307, "GSM-7", 3)]
    public void Gsm7_CountsSegmentsOf160Then153(int length, string encoding, int segments)
    {
        Assert.Equal(new SmsSize(encoding, length, segments), SmsText.Measure(new string('a', length)));
    }

    [Fact]
    public void ExtensionCharacters_CountTwice_OtherCharactersForceUcs2()
    {
        Assert.Equal(new SmsSize("GSM-7", 160, 1), SmsText.Measure(new string('a', 158) + "€"));
        Assert.Equal(new SmsSize("GSM-7", 161, 2), SmsText.Measure(new string('a', 159) + "["));
        Assert.Equal(new SmsSize("UCS-2", 70, 1), SmsText.Measure(new string('a', 69) + "ł"));
        Assert.Equal(new SmsSize("UCS-2", 71, 2), SmsText.Measure(new string('a', 69) + "😀"));
        Assert.Equal(new SmsSize("UCS-2", 135, 3), SmsText.Measure(new string('a', 134) + "✓"));
    }

    [Fact]
    public void Normalize_KeepsTypographyFromForcingUcs2()
    {
        var text = SmsText.Normalize("  It\u2019s \u201Cready\u201D \u2013 see you\u2026 ");

        Assert.Equal("It's \"ready\" - see you...", text);
        Assert.Equal("GSM-7", SmsText.Measure(text).Encoding);
    }

    private static readonly Location Shop = new()
    {
        Name = "Tint World Round Rock", TimeZone = "America/Chicago", Address1 = "2701 S Interstate 35 Frontage Rd", Address2 = "Suite 120",
        City = "Round Rock", State = "TX", PostalCode = "78664", Phone = "+15125550142",
        Hours =
        [
            new() { DayOfWeek = DayOfWeek.Monday, Opens = new(8, 0), Closes = new(18, 0) },
            new() { DayOfWeek = DayOfWeek.Tuesday, Opens = new(8, 0), Closes = new(18, 0) },
            new() { DayOfWeek = DayOfWeek.Wednesday, Opens = new(8, 0), Closes = new(18, 0) },
            new() { DayOfWeek = DayOfWeek.Thursday, Opens = new(8, 0), Closes = new(18, 0) },
            new() { DayOfWeek = DayOfWeek.Friday, Opens = new(8, 0), Closes = new(18, 0) },
            new() { DayOfWeek = DayOfWeek.Saturday, Opens = new(9, 30), Closes = new(15, 0) },
            new() { DayOfWeek = DayOfWeek.Sunday },
        ],
    };

    private static MessageModel Model(string? firstName = "Alexandra", string? vehicle = "2022 Chevrolet Silverado 1500", string? service = "IR Ceramic Window Tint - Full Vehicle") =>
        new(firstName, vehicle, service, Shop.Name, ShopText.DisplayPhone(Shop.Phone), ShopText.PostalAddress(Shop), ShopText.WeeklyHours(Shop.Hours),
            new Uri("https://app.leadorchestrator.example/c/AQGiGZpRAHegvmOqxRfnrM0ByapceK8NDE5rCQfMbG00"),
            new Uri("https://app.leadorchestrator.example/u/AQGiGZpRAHegvmOqxRfnrM0B0LJc1ptGc3xS4iFJKWZW"));

    [Fact]
    public void DefaultSmsTemplates_FitInTwoGsm7Segments_WithLongRealisticValues()
    {
        foreach (var step in DefaultCadence.Steps.Where(s => s.Channel == Channel.Sms))
        {
            var text = Outbound.FirstTextRules(MessageTemplates.RenderSms(step.Body, Model()), Shop.Name);
            var size = SmsText.Measure(text);
            Assert.True(size is { Encoding: "GSM-7", Segments: <= 2 }, $"step {step.Number}: {size} — {text}");
        }
    }

    [Fact]
    public void DefaultTemplates_RenderWithoutAnyLeadDetails()
    {
        foreach (var step in DefaultCadence.Steps)
        {
            var model = Model(firstName: null, vehicle: null, service: null);
            var text = step.Channel == Channel.Sms ? MessageTemplates.RenderSms(step.Body, model) : MessageTemplates.RenderEmail(step.Subject!, step.Body, model).Text;
            Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
            Assert.DoesNotContain("{%", text, StringComparison.Ordinal);
            Assert.DoesNotContain("your !", text, StringComparison.Ordinal); // an "if" around a missing value is false
            Assert.DoesNotContain("your ?", text, StringComparison.Ordinal);
            Assert.All(text.Split('\n'), line => Assert.DoesNotContain("  ", line, StringComparison.Ordinal)); // no holes where a value was missing
        }
    }

    [Fact]
    public void Email_HasTheShopsAddressAndUnsubscribe_AndNeverTurnsValuesIntoMarkup()
    {
        var email = MessageTemplates.RenderEmail("Hello {{ first_name }}", "Hi {{ first_name }},\n\nSee {{ chat_link }}", Model(firstName: "<script>alert(1)</script>"));

        Assert.Equal("Hello <script>alert(1)</script>", email.Subject); // subjects are plain text
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", email.Html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://app.leadorchestrator.example/c/", email.Html, StringComparison.Ordinal);
        Assert.Contains("2701 S Interstate 35 Frontage Rd, Suite 120, Round Rock, TX 78664", email.Text, StringComparison.Ordinal);
        Assert.Contains("Unsubscribe: https://app.leadorchestrator.example/u/", email.Text, StringComparison.Ordinal);
        Assert.Contains(">Unsubscribe</a>", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void WeeklyHours_ReadLikeASignOnTheDoor()
    {
        Assert.Equal("Mon-Fri 8am-6pm, Sat 9:30am-3pm", ShopText.WeeklyHours(Shop.Hours));
        Assert.Equal("(512) 555-0142", ShopText.DisplayPhone("+15125550142"));
    }

    [Fact]
    public void FirstText_AlwaysNamesTheShopAndHowToStop()
    {
        Assert.Equal("Tint World Round Rock: Hi! Reply STOP to opt out.", Outbound.FirstTextRules("Hi!", "Tint World Round Rock"));
        Assert.Equal("Tint World Round Rock here. Reply STOP to opt out.", Outbound.FirstTextRules("Tint World Round Rock here. Reply STOP to opt out.", "Tint World Round Rock"));
    }

    [Theory]
    [InlineData("2026-11-24T15:00:00Z", "2026-11-24T15:00:00Z")] // 09:00 CST: allowed
    [InlineData("2026-11-24T14:59:00Z", "2026-11-24T15:00:00Z")] // 08:59: wait a minute
    [InlineData("2026-11-25T02:00:00Z", "2026-11-25T15:00:00Z")] // 20:00: closed, next morning
    [InlineData("2026-11-01T12:00:00Z", "2026-11-01T15:00:00Z")] // fall-back day: 06:00 CST → 09:00 CST
    [InlineData("2026-10-31T13:30:00Z", "2026-10-31T14:00:00Z")] // the day before: 08:30 CDT → 09:00 CDT
    [InlineData("2026-03-08T07:30:00Z", "2026-03-08T14:00:00Z")] // spring-forward night → 09:00 CDT
    public void QuietHours_DeferSmsToTheNextAllowedMinute_InTheShopsZone(string now, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            QuietHours.NextAllowed(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), Shop, Channel.Sms));
    }

    [Fact]
    public void QuietHours_EmailHasNoWindowUnlessTheShopSetsOne()
    {
        var night = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero); // 02:00 local
        Assert.Equal(night, QuietHours.NextAllowed(night, Shop, Channel.Email));
        var strict = new Location { Name = "x", TimeZone = "America/Chicago", Address1 = "", City = "", State = "", PostalCode = "", Phone = "", EmailWindowStart = new(8, 0), EmailWindowEnd = new(21, 0) };
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero), QuietHours.NextAllowed(night, strict, Channel.Email));
    }

    [Theory]
    [InlineData("sending", "queued", true)]
    [InlineData("queued", "sent", true)]
    [InlineData("sent", "delivered", true)]
    [InlineData("delivered", "sent", false)]
    [InlineData("delivered", "undelivered", false)]
    [InlineData("undelivered", "delivered", false)]
    [InlineData("delivered", "read", true)]
    [InlineData("queued", "failed", true)]
    [InlineData("failed", "queued", false)]
    public void DeliveryStatuses_OnlyMoveForward(string current, string next, bool advances)
    {
        Assert.Equal(advances, DeliveryStatuses.Advances(DeliveryStatuses.Normalize(current)!.Value, DeliveryStatuses.Normalize(next)));
    }
}
