using LeadOrchestrator.Cadence;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Tenants;

namespace LeadOrchestrator.Tests.Cadence;

/// <summary>
/// The dispatcher's decision for one due touch, as a table: each row is one state of the lead, and the
/// earlier rule always wins (a stopped lead is cancelled even when its step is gone; an opt-out beats quiet
/// hours). The dispatcher tests cover the same decisions end to end, with the database.
/// </summary>
public sealed class TouchDecisionTests
{
    // Tuesday 10:00 in Round Rock (CST): inside the 09:00–20:00 SMS window.
    private static readonly DateTimeOffset Morning = new(2026, 11, 24, 16, 0, 0, TimeSpan.Zero);

    // Tuesday 21:00 (CST): after the window; the next allowed minute is Wednesday 09:00.
    private static readonly DateTimeOffset Night = new(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);

    private static readonly Location Shop = new()
    {
        Name = "Tint World Round Rock", TimeZone = "America/Chicago", Address1 = "2701 S Interstate 35 Frontage Rd",
        City = "Round Rock", State = "TX", PostalCode = "78664", Phone = "+15125550142",
    };

    public static TheoryData<string, Channel, string, string?, bool, bool, ConsentStatus?, bool, string> Rows => new()
    {
        // case, channel, cadence, channel stop, has phone/email, has shop+step(false: no shop), consent, night, expected
        { "no lead", Channel.Sms, "-", null, true, true, null, false, "cancel:lead_stopped" },
        { "stopped", Channel.Sms, "stopped", null, true, true, null, false, "cancel:booked" },
        { "completed", Channel.Email, "completed", null, true, true, null, false, "cancel:booked" },
        { "never started", Channel.Sms, "none", null, true, true, null, false, "cancel:booked" },
        { "stopped beats a missing shop", Channel.Sms, "stopped", null, true, false, null, false, "cancel:booked" },
        { "paused", Channel.Sms, "paused", null, true, true, ConsentStatus.OptedOut, false, "pause" },
        { "sms stopped", Channel.Sms, "active", StopReasons.NumberInvalid, true, true, null, false, "cancel:number_invalid" },
        { "no phone", Channel.Sms, "active", null, false, true, null, false, "cancel:no_phone" },
        { "no email", Channel.Email, "active", null, false, true, null, false, "cancel:no_email" },
        { "opted out", Channel.Sms, "active", null, true, true, ConsentStatus.OptedOut, true, "cancel:opted_out" },
        { "opted in", Channel.Sms, "active", null, true, true, ConsentStatus.OptedIn, false, "send:+15125550101" },
        { "no shop", Channel.Sms, "active", null, true, false, null, false, "fail:no_location" },
        { "night sms", Channel.Sms, "active", null, true, true, null, true, "defer:2026-11-25T15:00:00.0000000+00:00" },
        { "night email", Channel.Email, "active", null, true, true, null, true, "send:ana@example.com" },
        { "morning sms", Channel.Sms, "active", null, true, true, null, false, "send:+15125550101" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void EachState_HasOneDecision(string @case, Channel channel, string cadence, string? channelStop, bool hasAddress, bool hasShop,
        ConsentStatus? consent, bool night, string expected)
    {
        var lead = cadence == "-" ? null : new Lead
        {
            ShopMonkeyOrderId = "o1", OrderStatus = "Estimate", StopReason = "booked",
            CadenceStatus = Enum.Parse<CadenceStatus>(cadence, ignoreCase: true),
            Phone = hasAddress ? "+15125550101" : null, Email = hasAddress ? "ana@example.com" : null,
            SmsStopReason = channel == Channel.Sms ? channelStop : null, EmailStopReason = channel == Channel.Email ? channelStop : null,
        };

        var decision = TouchDecision.For(channel, lead, hasShop ? Shop : null, stepExists: true, consent, night ? Night : Morning);

        Assert.True(expected == Describe(decision), $"{@case}: expected {expected}, got {Describe(decision)}");
    }

    [Fact]
    public void ARemovedStep_FailsTheTouch_ButOnlyAfterEveryReasonToCancel()
    {
        var lead = new Lead { ShopMonkeyOrderId = "o1", OrderStatus = "Estimate", CadenceStatus = CadenceStatus.Active, Phone = "+15125550101" };

        Assert.Equal("fail:step_removed", Describe(TouchDecision.For(Channel.Sms, lead, Shop, stepExists: false, null, Morning)));
        Assert.Equal("cancel:opted_out", Describe(TouchDecision.For(Channel.Sms, lead, Shop, stepExists: false, ConsentStatus.OptedOut, Morning)));
    }

    [Fact]
    public void ATestLead_GoesAtOnce_BeforeGoLiveAndAtNight_ButNeverToAnOptedOutNumber()
    {
        var lead = new Lead { ShopMonkeyOrderId = "test-1", OrderStatus = "Estimate", CadenceStatus = CadenceStatus.Active, Phone = "+15125550101", IsSample = true, IsTest = true };
        var pending = new Location { Name = Shop.Name, TimeZone = Shop.TimeZone, Address1 = "", City = "", State = "", PostalCode = "", Phone = Shop.Phone, SetupPending = true };

        Assert.Equal("send:+15125550101", Describe(TouchDecision.For(Channel.Sms, lead, pending, stepExists: true, null, Night)));
        Assert.Equal("cancel:opted_out", Describe(TouchDecision.For(Channel.Sms, lead, pending, stepExists: true, ConsentStatus.OptedOut, Morning)));
        lead.IsTest = false; // a customer of the same location waits for go-live
        Assert.StartsWith("defer:", Describe(TouchDecision.For(Channel.Sms, lead, pending, stepExists: true, null, Morning)), StringComparison.Ordinal);
    }

    private static string Describe(TouchDecision decision) => decision switch
    {
        TouchDecision.Cancel c => $"cancel:{c.Reason}",
        TouchDecision.Pause => "pause",
        TouchDecision.Fail f => $"fail:{f.Reason}",
        TouchDecision.Defer d => $"defer:{d.Until.ToUniversalTime():O}",
        TouchDecision.Send s => $"send:{s.Recipient}",
        _ => decision.ToString(),
    };
}
