using System.ComponentModel.DataAnnotations;

namespace LeadOrchestrator.Messaging;

/// <summary>How messages go out (all tenants; <c>tenant_messaging_configs</c> overrides per tenant).</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>outbox (record only) or twilio.</summary>
    [RegularExpression("^(outbox|twilio)$")]
    public string SmsProvider { get; set; } = "outbox";

    /// <summary>outbox, sendgrid or smtp.</summary>
    [RegularExpression("^(outbox|sendgrid|smtp)$")]
    public string EmailProvider { get; set; } = "outbox";

    /// <summary>Default sender address for email; tenants override it.</summary>
    public string EmailFromAddress { get; set; } = "no-reply@leadorchestrator.local";

    public string? EmailFromName { get; set; }

    /// <summary>Recipients (E.164 or email) that demo tenants really send to; everyone else gets the outbox.</summary>
    public string[] AllowList { get; set; } = [];

    /// <summary>Touch points claimed per round trip; larger batches spread the per-batch queries over more sends (see docs/performance.md).</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>Provider calls in flight at once per dispatcher loop.</summary>
    [Range(1, 256)]
    public int SendConcurrency { get; set; } = 16;

    /// <summary>Dispatcher loops per instance.</summary>
    [Range(1, 64)]
    public int DispatcherLoops { get; set; } = 2;

    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A claimed touch not sent within this time is claimed again; one left "sending" this long lost its
    /// sender and is reconciled (<see cref="InDoubtEmail"/>). A batch starts no provider call later than
    /// <see cref="Outbound.CallAllowance"/> before its lease ends, so this must exceed that allowance.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// An email whose sender stopped between handing it over and hearing back (SendGrid and SMTP cannot be
    /// asked whether they have it, and no SendGrid event says so): <c>resend</c> sends it once more, tagged
    /// with what it repeats; <c>leave</c> marks it in_doubt for staff. A second doubt is never resent.
    /// </summary>
    [RegularExpression("^(resend|leave)$")]
    public string InDoubtEmail { get; set; } = "resend";

    /// <summary>How long to wait before asking the provider again when the lookup itself failed (Twilio down).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "06:00:00")]
    public TimeSpan InDoubtRecheck { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>After this long without an answer from the lookup, the message is left in_doubt for staff.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan InDoubtGiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Attempts for failures that happened before the provider accepted (refused, 429, 5xx without an id).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Backoff between those attempts; empty = 1 m, 5 m, 15 m, 1 h (hours, not days: a late retry is worse than none).</summary>
    public TimeSpan[] RetryDelays { get; set; } = [];

    public TimeSpan RetryDelay(int attempt)
    {
        TimeSpan[] defaults = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1)];
        var delays = RetryDelays.Length > 0 ? RetryDelays : defaults;
        return delays[Math.Clamp(attempt - 1, 0, delays.Length - 1)];
    }
}

public sealed class TwilioOptions
{
    public const string Section = "Twilio";

    public string? AccountSid { get; set; }

    /// <summary>Signs Twilio's webhooks to us and authenticates our calls. Demo mode generates one for the sandbox.</summary>
    public string? AuthToken { get; set; }

    /// <summary>Send through a Messaging Service (MG…); otherwise from the location's number or <see cref="FromNumber"/>.</summary>
    public string? MessagingServiceSid { get; set; }

    public string? FromNumber { get; set; }

    /// <summary>Where the SDK's requests go instead of https://api.twilio.com (tests point it at a fake).</summary>
    public string? ApiBaseUrl { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}

public sealed class SendGridOptions
{
    public const string Section = "SendGrid";

    public string? ApiKey { get; set; }

    /// <summary>https://api.sendgrid.com by default (tests point it at a fake).</summary>
    public string? Host { get; set; }

    /// <summary>The signed Event Webhook's public key (base64 SubjectPublicKeyInfo, P-256); without it events are refused.</summary>
    public string? EventWebhookPublicKey { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}

public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>Auto, None, StartTls, StartTlsWhenAvailable or SslOnConnect (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "Auto";

    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
