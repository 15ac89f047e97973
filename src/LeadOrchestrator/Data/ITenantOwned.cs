namespace LeadOrchestrator.Data;

/// <summary>A row that belongs to one tenant. Every such entity gets the named tenant query filter.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; }
}

/// <summary>
/// A row of one location: it has a <c>LocationId</c> (a <see cref="Tenants.Location"/> is its own, by <c>Id</c>).
/// A colleague scoped to some locations reads and writes only theirs (<see cref="AppDbContext.LocationFilter"/>).
/// </summary>
public interface ILocationScoped;

/// <summary>A row with an optimistic-concurrency version, bumped on every save.</summary>
public interface IVersioned
{
    long Version { get; set; }
}
