using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadOrchestrator.Chat.Checkup;

/// <summary>
/// The assistant's check-up in the console (managers): the built-in conversations, which of them apply to a shop, and one
/// conversation run at a time against the shop's catalog, hours and free times — by the shop's own assistant or a
/// provider named, so a change of provider, model or wording is checked before customers meet it. The console runs them
/// one by one and adds the results up per category; each run is a short request, and nothing is stored.
/// </summary>
public static class CheckupEndpoints
{
    public sealed record CheckupProvider(string Name, string Model);

    /// <param name="Turns">How many messages the test customer sends.</param>
    /// <param name="NotApplicable">Why it is left out at this shop; null when it runs here.</param>
    public sealed record CheckupItem(string Id, string Name, string Category, string Language, int Turns, string? NotApplicable);

    /// <param name="Live">The provider this shop's customers get now; null when none of the configured ones.</param>
    public sealed record CheckupOverview(Guid LocationId, string Location, IReadOnlyList<CheckupProvider> Providers, string? Live, IReadOnlyList<CheckupItem> Conversations);

    public static IEndpointRouteBuilder MapCheckupApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapConsoleApi().RequireStaff(StaffPolicies.Manager);
        group.MapGet("/assistant/checkup", OverviewAsync).WithName("AssistantCheckup");
        group.MapPost("/assistant/checkup/{checkId}", RunAsync).WithName("RunAssistantCheckup");
        return app;
    }

    internal static async Task<Results<Ok<CheckupOverview>, NotFound>> OverviewAsync(Guid? locationId, Rehearsals rehearsals, CheckupSet set,
        ChatProviders providers, ProviderSelection selection, TenantContext tenant, CancellationToken ct)
    {
        if (await rehearsals.ShopAsync(locationId, ct) is not { } shop)
            return TypedResults.NotFound();
        var items = set.Conversations.Select(c => new CheckupItem(c.Id, c.Name, c.Category, c.Language, c.Turns.Count, AssistantCheckup.NotApplicable(c, shop))).ToList();
        return TypedResults.Ok(new CheckupOverview(shop.Location.Id, shop.Location.Name,
            [.. providers.All.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new CheckupProvider(p.Name, p.Model))],
            await selection.LiveAsync(tenant.TenantId!.Value, ct), items));
    }

    /// <summary>Runs one conversation of the check-up.</summary>
    /// <param name="checkId">The conversation's id, from the overview.</param>
    /// <param name="locationId">One of the colleague's shops; null: the first.</param>
    /// <param name="provider">A configured provider to score alone (no fallback); null: the shop's own assistant, as its customers get it.</param>
    internal static async Task<Results<Ok<CheckupResult>, ValidationProblem, NotFound>> RunAsync(string checkId, Guid? locationId, string? provider,
        Rehearsals rehearsals, CheckupSet set, ChatProviders providers, AssistantCheckup checkup, CancellationToken ct)
    {
        provider = string.IsNullOrWhiteSpace(provider) ? null : provider.Trim();
        if (provider is not null && providers.Get(provider) is null)
            return Problems.Invalid("provider", $"One of: {string.Join(", ", providers.All.Select(p => p.Name).Order(StringComparer.Ordinal))}, or leave it out for the shop's own.");
        if (set.Find(checkId) is not { } conversation || await rehearsals.ShopAsync(locationId, ct) is not { } shop)
            return TypedResults.NotFound();
        return TypedResults.Ok(await checkup.RunAsync(conversation, shop, provider, ct));
    }
}
