namespace LeadOrchestrator.Data;

/// <summary>A row that belongs to one tenant. Every such entity gets the named tenant query filter.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; }
}

/// <summary>A row with an optimistic-concurrency version, bumped on every save.</summary>
public interface IVersioned
{
    long Version { get; set; }
}
