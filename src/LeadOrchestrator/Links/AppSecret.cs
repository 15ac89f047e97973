namespace LeadOrchestrator.Links;

/// <summary>
/// Keys the app generates for itself (table <c>app_secrets</c>): kept in the database so every
/// instance shares them and none is ever committed. Configuration can supply them instead.
/// </summary>
public sealed class AppSecret
{
    public required string Name { get; set; }
    public required string Value { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
