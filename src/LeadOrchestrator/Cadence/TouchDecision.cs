using LeadOrchestrator.Leads;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Tenants;

namespace LeadOrchestrator.Cadence;

/// <summary>
/// What becomes of one due touch point, from what is known about its lead at this moment. Pure: the
/// dispatcher loads the lead, the shop, the step and the latest consent, and this says cancel, pause, fail,
/// defer or send — in that order of precedence, so a stopped lead is never texted because its step
/// happened to be missing, and an opt-out always beats quiet hours.
/// </summary>
public abstract record TouchDecision
{
    /// <summary>Never to be sent (the cadence or this channel stopped, no address, opted out).</summary>
    public sealed record Cancel(string Reason) : TouchDecision;

    /// <summary>Staff paused the lead's cadence: kept, not sent, until it is resumed.</summary>
    public sealed record Pause : TouchDecision;

    /// <summary>Cannot be sent as configured (its shop or step is gone): visible to staff as failed.</summary>
    public sealed record Fail(string Reason) : TouchDecision;

    /// <summary>Outside the shop's window for this channel: due again at <paramref name="Until"/>, never dropped.</summary>
    public sealed record Defer(DateTimeOffset Until) : TouchDecision;

    /// <summary>Send now, to <paramref name="Recipient"/>.</summary>
    public sealed record Send(string Recipient) : TouchDecision;

    /// <summary>How often a touch of a location still being set up looks again.</summary>
    public static readonly TimeSpan SetupRecheck = TimeSpan.FromMinutes(5);

    public static TouchDecision For(Channel channel, Lead? lead, Location? location, bool stepExists, ConsentStatus? consent, DateTimeOffset now)
    {
        if (lead is null || lead.CadenceStatus is CadenceStatus.Stopped or CadenceStatus.Completed or CadenceStatus.None)
            return new Cancel(lead?.StopReason ?? "lead_stopped");
        if (lead.CadenceStatus == CadenceStatus.Paused)
            return new Pause();
        if ((channel == Channel.Sms ? lead.SmsStopReason : lead.EmailStopReason) is { } channelStop)
            return new Cancel(channelStop);
        if ((channel == Channel.Sms ? lead.Phone : lead.Email) is not { } recipient)
            return new Cancel(channel == Channel.Sms ? StopReasons.NoPhone : StopReasons.NoEmail);
        if (consent == ConsentStatus.OptedOut)
            return new Cancel(StopReasons.OptedOut);
        if (location is null)
            return new Fail("no_location");
        if (!stepExists)
            return new Fail("step_removed");
        // A test lead's recipient is the colleague who asked for it a moment ago: it goes now, set up or not, whatever the hour.
        if (lead.IsTest)
            return new Send(recipient);
        // A location still being set up sends nothing: the touch waits, and goes once the location is live.
        if (location.SetupPending)
            return new Defer(now + SetupRecheck);
        var allowed = QuietHours.NextAllowed(now, location, channel);
        return allowed > now ? new Defer(allowed) : new Send(recipient);
    }
}
