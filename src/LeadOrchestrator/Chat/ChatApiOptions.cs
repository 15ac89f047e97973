using System.ComponentModel.DataAnnotations;

namespace LeadOrchestrator.Chat;

/// <summary>Limits and browser access for the customer chat API (section <c>Chat</c>).</summary>
public sealed class ChatApiOptions
{
    public const string Section = "Chat";

    /// <summary>Requests per minute for one lead's chat (the seed's number).</summary>
    [Range(1, 100_000)]
    public int PerLeadPerMinute { get; set; } = 100;

    /// <summary>Chat requests per minute from one IP address, across leads. Behind a proxy, configure forwarded headers so this is the client's.</summary>
    [Range(1, 1_000_000)]
    public int PerIpPerMinute { get; set; } = 300;

    /// <summary>
    /// Chat requests per minute from one IP address that carry no valid token: enough for a page whose
    /// link has just expired, too few to probe tokens.
    /// </summary>
    [Range(1, 1_000_000)]
    public int UnauthenticatedPerIpPerMinute { get; set; } = 30;

    /// <summary>Origins allowed to call the chat API from a browser; none by default (the chat page is same-origin).</summary>
    public string[] AllowedOrigins { get; set; } = [];
}
