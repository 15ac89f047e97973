using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Links;
using LeadOrchestrator.Messaging.Templates;
using LeadOrchestrator.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Chat;

/// <summary>
/// The customer chat API, <c>/api/chat/{leadId}/…</c>. Every call carries the chat link's token as
/// <c>Authorization: Bearer</c>; the path's lead must be the token's lead (else 404, revealing nothing).
/// </summary>
public static class ChatEndpoints
{
    /// <param name="ClientMessageId">The page's own id for the message; sending it again (a retry) never stores or answers it twice.</param>
    public sealed record ChatRequest(
        [property: Required(ErrorMessage = "Write a message.")]
        [property: MaxLength(ChatService.MaxMessageLength, ErrorMessage = "At most {1} characters.")]
        string? Message,
        Guid? ClientMessageId = null);

    /// <summary>
    /// Assistant messages name who answered and what it cost (<c>provider: "offline"</c> for the rule-based assistant);
    /// a web message carries the page's own id for it, so a page that lost its connection can tell whether it arrived;
    /// a staff message names its writer by first name only (<c>staffName</c>: "Dana").
    /// </summary>
    public sealed record HistoryMessage(Guid Id, ChatRole Role, ConversationChannel Channel, string Content, DateTimeOffset CreatedAt, ChatMessageStatus Status,
        string? Provider, string? Model, int? InputTokens, int? OutputTokens, decimal? CostUsd, Guid? ClientMessageId = null, string? StaffName = null);

    public sealed record History(Guid? SessionId, bool StaffTakeover, IReadOnlyList<HistoryMessage> Messages);

    public sealed record ServiceSummary(Guid Id, string Name, string? Category, long PriceCents, string Price, int DurationMinutes, bool Bookable);

    /// <param name="Today">Today's hours in the shop's zone: "Open today 8am-6pm" or "Closed today".</param>
    public sealed record LocationView(string Name, string Address, string Phone, string PhoneDisplay, string TimeZone, string MapUrl, string WeeklyHours, string Today);

    /// <param name="ShopToday">Today in the shop's zone, by the server's clock: the slot picker's first day.</param>
    /// <param name="BookableUntil">The last day free times are offered (the booking horizon).</param>
    /// <param name="Language">en or es: the page's words, the hours' and the assistant's (the lead's language).</param>
    public sealed record ChatContextView(Guid LeadId, string? FirstName, string? Vehicle, string? Estimate, LocationView Location,
        IReadOnlyList<ServiceSummary> Services, string Assistant, DateOnly ShopToday, DateOnly BookableUntil, string Language);

    /// <summary>
    /// The events of <c>/stream</c>, by name: each Server-Sent Event is <c>event: &lt;name&gt;</c> and
    /// <c>data:</c> the JSON of its property here — any number of <c>delta</c> and <c>tool</c>, then one
    /// <c>done</c> or one <c>error</c>. (OpenAPI has no word for an event stream's items; this says it.)
    /// </summary>
    public sealed record ChatStreamEvents(ChatEvent.Delta Delta, ChatEvent.Tool Tool, ChatReply Done, ChatEvent.Failure Error);

    /// <summary>The customer API's group: chat token required, then the per-lead limit; CORS policy. Booking maps into it too.</summary>
    public static RouteGroupBuilder MapCustomerApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/chat/{leadId:guid}")
            .AddEndpointFilter<ChatTokenFilter>()
            .RequireCors(ChatExtensions.CorsPolicy)
            .WithGroupName(ApiDocuments.Chat);

    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder app)
    {
        var chat = app.MapCustomerApi().WithTags("Chat");
        chat.MapPost("/messages", SendAsync).WithName("SendChatMessage");
        chat.MapPost("/stream", StreamAsync).WithName("StreamChatMessage")
            .Produces<ChatStreamEvents>(StatusCodes.Status200OK, "text/event-stream")
            .Produces<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")
            .Produces(StatusCodes.Status404NotFound);
        chat.MapGet("/history", HistoryAsync).WithName("GetChatHistory");
        chat.MapGet("/context", ContextAsync).WithName("GetChatContext");
        return app;
    }

    internal static async Task<Results<Ok<ChatReply>, ValidationProblem, NotFound, ProblemHttpResult>> SendAsync(Guid leadId, ChatRequest request,
        ChatService chat, IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        if (Read(request, out var message) is { } invalid)
            return invalid;
        if (await chat.LoadAsync(leadId, ConversationChannel.Web, ct) is not { } turn)
            return TypedResults.NotFound();
        ChatEvent.Failure? error = null;
        // Not the request's token: a customer who leaves mid-answer still finds the answer when they come back.
        var reply = await chat.AskAsync(turn, message, request.ClientMessageId, e =>
        {
            error ??= e as ChatEvent.Failure;
            return ValueTask.CompletedTask;
        }, lifetime.ApplicationStopping);
        return error switch
        {
            null => TypedResults.Ok(reply),
            { Code: ChatService.InProgress } => Problems.Refused(StatusCodes.Status409Conflict, error.Code, error.Message, title: "Still answering"),
            _ => Problems.Refused(StatusCodes.Status502BadGateway, error.Code, error.Message, title: "The assistant's answer was cut off"),
        };
    }

    /// <summary>
    /// The same as Server-Sent Events: <c>delta</c> {text}, <c>tool</c> {name}, then <c>done</c> with the
    /// whole reply (its <c>response</c> is the authoritative text: when <c>replaced</c> is true, the price
    /// guard or an empty answer replaced what was streamed) or <c>error</c> {code, message}. A client that
    /// drops off mid-answer does not stop it: the answer is finished and stored, and <c>/history</c> has it.
    /// </summary>
    internal static async Task<IResult> StreamAsync(Guid leadId, ChatRequest request, HttpContext http, ChatService chat,
        IOptions<JsonOptions> json, IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        if (Read(request, out var message) is { } invalid)
            return invalid;
        if (await chat.LoadAsync(leadId, ConversationChannel.Web, ct) is not { } turn)
            return TypedResults.NotFound();
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx would otherwise hold the stream back
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(ct);
        var serializer = json.Value.SerializerOptions;
        await chat.AskAsync(turn, message, request.ClientMessageId, async e =>
        {
            if (ct.IsCancellationRequested)
                return;
            var (name, data) = e switch
            {
                ChatEvent.Delta d => ("delta", JsonSerializer.Serialize(d, serializer)),
                ChatEvent.Tool t => ("tool", JsonSerializer.Serialize(t, serializer)),
                ChatEvent.Done d => ("done", JsonSerializer.Serialize(d.Reply, serializer)),
                ChatEvent.Failure x => ("error", JsonSerializer.Serialize(x, serializer)),
                _ => throw new InvalidOperationException(e.GetType().Name),
            };
            try
            {
                await response.WriteAsync($"event: {name}\ndata: {data}\n\n", ct);
                await response.Body.FlushAsync(ct);
            }
            catch (Exception x) when (x is OperationCanceledException or IOException)
            {
                // The customer's connection dropped; the answer goes on and is stored for their return.
            }
        }, lifetime.ApplicationStopping);
        return Results.Empty;
    }

    internal static async Task<Ok<History>> HistoryAsync(Guid leadId, AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await LoadHistoryAsync(db, leadId, ct));

    /// <summary>The whole thread, web and SMS, oldest first; system notes left out.</summary>
    public static async Task<History> LoadHistoryAsync(AppDbContext db, Guid leadId, CancellationToken ct)
    {
        var session = await db.ChatSessions.AsNoTracking().FirstOrDefaultAsync(s => s.LeadId == leadId, ct);
        if (session is null)
            return new History(null, false, []);
        var messages = await db.ChatMessages.AsNoTracking()
            .Where(m => m.SessionId == session.Id && m.Role != ChatRole.System)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m => new
            {
                m.Id, m.Role, m.Channel, m.Content, m.CreatedAt, m.Status, m.Provider, m.Model, m.InputTokens, m.OutputTokens, m.CostUsd, m.ExternalId,
                Author = db.Users.Where(u => u.Id == m.AuthorUserId).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return new History(session.Id, session.StaffTakeover,
            [.. messages.Select(m => new HistoryMessage(m.Id, m.Role, m.Channel, m.Content, m.CreatedAt, m.Status,
                m.Provider, m.Model, m.InputTokens, m.OutputTokens, m.CostUsd, ConversationService.ClientMessageId(m.ExternalId), FirstName(m.Author)))]);
    }

    /// <summary>A customer sees a colleague by first name, never their full name or email.</summary>
    private static string? FirstName(string? displayName) =>
        displayName?.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries) is [var first, ..] ? first : null;

    internal static async Task<Results<Ok<ChatContextView>, NotFound>> ContextAsync(Guid leadId, ChatService chat, ChatProviders providers,
        IOptions<AiOptions> options, IOptions<Booking.BookingOptions> booking, CancellationToken ct) =>
        await chat.LoadAsync(leadId, ConversationChannel.Web, ct) is { } turn ? TypedResults.Ok(Context(turn, providers, options.Value, booking.Value)) : TypedResults.NotFound();

    /// <summary>What the chat page shows before anyone writes: whom it greets, the shop, its hours and prices.</summary>
    public static ChatContextView Context(ChatTurnContext turn, ChatProviders providers, AiOptions options, Booking.BookingOptions booking)
    {
        var l = turn.Location;
        var address = ShopText.PostalAddress(l);
        var location = new LocationView(l.Name, address, l.Phone, ShopText.DisplayPhone(l.Phone), l.TimeZone,
            "https://www.google.com/maps/search/?api=1&query=" + Uri.EscapeDataString($"{l.Name}, {address}"),
            ShopText.WeeklyHours(l.Hours, turn.Lead.Language), TodayHours(l.Hours, turn.LocalNow, turn.Lead.Language));
        var services = turn.Catalog.OrderBy(s => s.Category).ThenBy(s => s.PriceCents)
            .Select(s => new ServiceSummary(s.Id, s.Name, s.Category, s.PriceCents, ShopText.Money(s.PriceCents), s.DurationMinutes, s.Bookable)).ToList();
        var today = DateOnly.FromDateTime(turn.LocalNow.DateTime);
        var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(turn.Now + booking.For(l).Horizon, turn.Zone).DateTime);
        return new ChatContextView(turn.Lead.Id, turn.Lead.FirstName, turn.Lead.VehicleDescription, turn.Lead.EstimateName,
            location, services, providers.Get(options.Provider)?.Name ?? AiProviders.Offline, today, lastDay, turn.Lead.Language);
    }

    /// <summary>"Open today 8am-6pm" or "Closed today" ("Abierto hoy 8am-6pm", "Cerrado hoy"): a dated row (a holiday) wins over the weekday's.</summary>
    public static string TodayHours(IReadOnlyCollection<Tenants.LocationHours> hours, DateTimeOffset localNow, string language = Leads.LeadLanguage.English)
    {
        var spanish = language == Leads.LeadLanguage.Spanish;
        return Booking.AvailabilityEngine.HoursOn(hours, DateOnly.FromDateTime(localNow.DateTime)) is { IsClosed: false } row
            ? $"{(spanish ? "Abierto hoy" : "Open today")} {ShopText.Clock(row.Opens!.Value)}-{ShopText.Clock(row.Closes!.Value)}{(row.Note is { Length: > 0 } note ? $" ({note})" : "")}"
            : spanish ? "Cerrado hoy" : "Closed today";
    }

    /// <summary>
    /// The customer's message, cleaned like all outside text and trimmed. Its shape was checked on the
    /// request; what is left to refuse is a message of nothing but invisible characters.
    /// </summary>
    private static ValidationProblem? Read(ChatRequest request, out string message)
    {
        message = Common.CleanText.Clean(request.Message ?? "").Trim();
        return message.Length == 0 ? Problems.Invalid("message", "Write a message.") : null;
    }
}

/// <summary>Marks a GET the chat page opens as a plain link: its token may come as <c>?access_token=</c>.</summary>
public sealed class TokenInQueryAllowed;

/// <summary>
/// Chat calls carry the chat link's token. Missing, forged or expired → 401 (429 once an address has sent
/// too many of those); a valid token for another lead → 404, so a token never confirms that some other lead
/// exists. Only then is the lead's own per-minute limit charged. Sets the request's tenant from the lead.
/// </summary>
internal sealed class ChatTokenFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        // Filters are built once per endpoint: per-request services come from the request.
        var tokens = http.RequestServices.GetRequiredService<LinkTokens>();
        var db = http.RequestServices.GetRequiredService<AppDbContext>();
        var tenant = http.RequestServices.GetRequiredService<TenantContext>();
        string? header = http.Request.Headers.Authorization;
        var token = header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim()
            // A plain link (a calendar file a phone opens in its calendar app) cannot send a header (RFC 6750 §2.3).
            : http.GetEndpoint()?.Metadata.GetMetadata<TokenInQueryAllowed>() is not null ? http.Request.Query["access_token"].FirstOrDefault()
            : null;
        var limits = http.RequestServices.GetRequiredService<ChatRateLimits>();
        var (state, leadId) = await tokens.VerifyAsync(token, LinkPurpose.Chat, http.RequestAborted);
        if (state != LinkState.Valid)
        {
            using var unauthenticated = limits.Unauthenticated(http.Connection.RemoteIpAddress);
            if (!unauthenticated.IsAcquired)
                return ChatRateLimits.Rejected(http, unauthenticated);
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return state == LinkState.Expired
                ? Problems.Refused(StatusCodes.Status401Unauthorized, "link_expired", "This chat link has expired.")
                : Problems.Refused(StatusCodes.Status401Unauthorized, "link_invalid", "A valid chat link is required.");
        }
        if (!Guid.TryParse(http.GetRouteValue("leadId") as string, out var pathLead) || pathLead != leadId)
            return TypedResults.NotFound();
        using var lease = limits.ForLead(leadId);
        if (!lease.IsAcquired)
            return ChatRateLimits.Rejected(http, lease);
        // Cross-tenant on purpose: the signed token names the lead, and the lead its tenant.
        if (!await tenant.SetFromLeadAsync(db, leadId, http.RequestAborted))
            return TypedResults.NotFound();
        return await next(context);
    }
}
