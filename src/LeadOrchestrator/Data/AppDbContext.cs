using System.Linq.Expressions;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Intake;
using LeadOrchestrator.Jobs;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Links;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Data;

/// <summary>
/// The one DbContext. Two provider-specific subclasses exist only so that SQLite and PostgreSQL
/// each get their own migration set (see docs/adr/0002-two-migration-sets.md); all mapping lives here.
/// Handlers use the context directly, no repositories. Contexts are pooled: the DI registration hands
/// each lease the scope's <see cref="TenantContext"/>.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : DbContext(options), Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    /// <summary>Name of the global query filter that scopes tenant-owned rows to <see cref="TenantContext"/>.</summary>
    public const string TenantFilter = "tenant";

    /// <summary>
    /// Name of the query filter that scopes a location's rows (<see cref="ILocationScoped"/>) to the locations of the
    /// colleague a console request acts as (<see cref="TenantContext.LocationIds"/>); an owner, a worker and the
    /// customer's side have no location scope and read the whole tenant.
    /// </summary>
    public const string LocationFilter = "location";

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<TenantCrmConfig> TenantCrmConfigs => Set<TenantCrmConfig>();
    public DbSet<CrmSyncState> CrmSyncStates => Set<CrmSyncState>();
    public DbSet<Location> Locations => Set<Location>();
    public DbSet<LocationHours> LocationHours => Set<LocationHours>();
    public DbSet<ServiceCatalogItem> ServiceCatalog => Set<ServiceCatalogItem>();
    public DbSet<Lead> Leads => Set<Lead>();
    public DbSet<InboundEvent> InboundEvents => Set<InboundEvent>();
    public DbSet<JobExecution> JobExecutions => Set<JobExecution>();
    public DbSet<CadenceTemplate> Cadences => Set<CadenceTemplate>();
    public DbSet<CadenceStep> CadenceSteps => Set<CadenceStep>();
    public DbSet<TouchPoint> TouchPoints => Set<TouchPoint>();
    public DbSet<MessageDelivery> MessageDeliveries => Set<MessageDelivery>();
    public DbSet<ContactConsent> ContactConsents => Set<ContactConsent>();
    public DbSet<ProviderEvent> ProviderEvents => Set<ProviderEvent>();
    public DbSet<TenantMessagingConfig> TenantMessagingConfigs => Set<TenantMessagingConfig>();
    public DbSet<ChatSession> ChatSessions => Set<ChatSession>();
    public DbSet<ChatMessage> ChatMessages => Set<ChatMessage>();
    public DbSet<ConversationNote> ConversationNotes => Set<ConversationNote>();
    public DbSet<Handoff> Handoffs => Set<Handoff>();
    public DbSet<SavedReply> SavedReplies => Set<SavedReply>();
    public DbSet<Live.ConsoleEvent> ConsoleEvents => Set<Live.ConsoleEvent>();
    public DbSet<Chat.TenantAiConfig> TenantAiConfigs => Set<Chat.TenantAiConfig>();
    public DbSet<Booking.Appointment> Appointments => Set<Booking.Appointment>();
    public DbSet<Booking.AppointmentNotice> AppointmentNotices => Set<Booking.AppointmentNotice>();
    public DbSet<Booking.ShopCalendarBlock> ShopCalendarBlocks => Set<Booking.ShopCalendarBlock>();
    public DbSet<StaffUser> Users => Set<StaffUser>();
    public DbSet<StaffLocation> StaffLocations => Set<StaffLocation>();
    public DbSet<StaffSession> StaffSessions => Set<StaffSession>();
    public DbSet<StaffInvitation> StaffInvitations => Set<StaffInvitation>();
    public DbSet<SignInAttempts> SignInAttempts => Set<SignInAttempts>();
    public DbSet<AppSecret> AppSecrets => Set<AppSecret>();
    public DbSet<Audit.AuditEntry> AuditLog => Set<Audit.AuditEntry>();

    /// <summary>ASP.NET Core Data Protection's key ring (staff cookies, signed browser marks), shared by every instance.</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys => Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    /// <summary>The scope's tenant; a context built by hand (tools, tests) acts for no tenant.</summary>
    internal TenantContext Tenant { get; set; } = new();

    /// <summary>The filter reads this per query, so one compiled model serves every tenant.</summary>
    internal Guid? CurrentTenantId => Tenant.TenantId;

    /// <summary>The location filter reads this per query: null for no location scope.</summary>
    internal List<Guid>? CurrentLocationIds => Tenant.LocationIds;

    /// <summary>What a claim's inner select ends with so that instances skip rows another is claiming (<see cref="LeaseClaims"/>).</summary>
    public virtual string SkipLocked => "";

    /// <summary>
    /// Within a transaction, makes other transactions that do the same for this tenant wait until it
    /// ends, so a per-tenant "create if missing" cannot race. PostgreSQL locks the tenant's row; SQLite
    /// already runs one write transaction at a time.
    /// </summary>
    public virtual Task LockTenantAsync(Guid tenantId, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Within a transaction, serialises bookings of one location on one local day across instances, so
    /// "is it free? then take it" cannot race. PostgreSQL takes a transaction-scoped advisory lock;
    /// SQLite's write transactions already run one at a time (<see cref="SqliteWriteGate"/>).
    /// </summary>
    public virtual Task LockLocationDayAsync(Guid locationId, DateOnly day, CancellationToken cancellationToken) => Task.CompletedTask;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        // By convention, so a new tenant-owned table cannot be forgotten: every entity that says it is
        // ITenantOwned reads only the current tenant's rows (AcrossTenants() lifts it, on purpose).
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType) && e.BaseType is null))
            modelBuilder.Entity(entity.ClrType).HasQueryFilter(TenantFilter, TenantFilterFor(entity.ClrType));

        // The same, by convention, for a location's rows: a scoped colleague's queries read only their locations.
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => typeof(ILocationScoped).IsAssignableFrom(e.ClrType) && e.BaseType is null))
            modelBuilder.Entity(entity.ClrType).HasQueryFilter(LocationFilter, LocationFilterFor(entity.ClrType));

        // One status convention: every enum column holds the value's snake_case name, unless the property
        // configures a conversion of its own. Text columns are bounded so PostgreSQL gets varchar(n).
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetDeclaredProperties()))
        {
            var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
            if (!type.IsEnum || property.GetValueConverter() is not null || property.GetProviderClrType() is not null)
                continue;
            property.SetValueConverter(typeof(SnakeCaseEnumConverter<>).MakeGenericType(type));
            property.SetMaxLength(property.GetMaxLength() ?? 32);
        }
    }

    /// <summary><c>e =&gt; e.TenantId == CurrentTenantId</c> for <paramref name="type"/>, read per query from this context.</summary>
    private LambdaExpression TenantFilterFor(Type type)
    {
        var row = Expression.Parameter(type, "e");
        return Expression.Lambda(Expression.Equal(
            Expression.Convert(Expression.Property(row, nameof(ITenantOwned.TenantId)), typeof(Guid?)),
            Expression.Property(Expression.Constant(this), nameof(CurrentTenantId))), row);
    }

    /// <summary>
    /// <c>e =&gt; CurrentLocationIds == null || CurrentLocationIds.Contains(e.LocationId)</c> (a location: its <c>Id</c>;
    /// a row of no location is outside every scope), read per query from this context.
    /// </summary>
    private LambdaExpression LocationFilterFor(Type type)
    {
        var row = Expression.Parameter(type, "e");
        var scope = Expression.Property(Expression.Constant(this), nameof(CurrentLocationIds));
        var location = Expression.Property(row, type == typeof(Location) ? nameof(Location.Id) : "LocationId");
        var contains = typeof(List<Guid>).GetMethod(nameof(List<Guid>.Contains))!;
        Expression inScope = location.Type == typeof(Guid)
            ? Expression.Call(scope, contains, location)
            : Expression.AndAlso(Expression.NotEqual(location, Expression.Constant(null, typeof(Guid?))),
                Expression.Call(scope, contains, Expression.Property(location, nameof(Nullable<Guid>.Value))));
        return Expression.Lambda(Expression.OrElse(Expression.Equal(scope, Expression.Constant(null, typeof(List<Guid>))), inScope), row);
    }

    /// <summary>
    /// Saves changes that are derived from durable input and are simply redone if lost (an inbox event
    /// turned into a lead, together with that event's new status). PostgreSQL commits them without
    /// waiting for the WAL flush; see <see cref="PostgresAppDbContext"/>. <paramref name="alsoCommit"/>
    /// runs set-based statements in the same transaction, after the tracked changes (one of the ways of
    /// <see cref="UnitOfWork"/>).
    /// </summary>
    public Task<int> SaveDerivedChangesAsync(CancellationToken cancellationToken) => SaveDerivedChangesAsync(alsoCommit: null, cancellationToken);

    /// <inheritdoc cref="SaveDerivedChangesAsync(CancellationToken)"/>
    public async Task<int> SaveDerivedChangesAsync(Func<CancellationToken, Task>? alsoCommit, CancellationToken cancellationToken)
    {
        if (Database.CurrentTransaction is not null)
        {
            var inOuter = await SaveChangesAsync(cancellationToken);
            if (alsoCommit is not null)
                await alsoCommit(cancellationToken);
            return inOuter;
        }
        await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
        await RelaxCommitDurabilityAsync(cancellationToken);
        var saved = await SaveChangesAsync(cancellationToken);
        if (alsoCommit is not null)
            await alsoCommit(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return saved;
    }

    /// <summary>Lets the current transaction commit without waiting for durability, where the database allows it.</summary>
    protected virtual Task RelaxCommitDurabilityAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        PrepareForSave();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        PrepareForSave();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private void PrepareForSave()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
                continue;
            if (entry.State == EntityState.Deleted)
            {
                if (entry.Entity is Audit.AuditEntry)
                    throw new InvalidOperationException("The audit log is append-only.");
                continue;
            }

            // However a colleague's row was made (Identity, the demo, a tool), its sign-in forms follow its address.
            if (entry.Entity is StaffUser user)
                user.Normalize();

            // A scope acting for a tenant can never write another tenant's rows, whatever the caller did.
            if (entry.Entity is ITenantOwned owned && CurrentTenantId is { } current && owned.TenantId != current)
                throw new InvalidOperationException($"Refusing to save a {entry.Metadata.ClrType.Name} of another tenant.");

            // Nor can a colleague scoped to some locations write another location's rows.
            if (entry.Entity is ILocationScoped && CurrentLocationIds is { } locations
                && entry.Property(entry.Entity is Location ? nameof(Location.Id) : "LocationId").CurrentValue is Guid location && !locations.Contains(location))
                throw new InvalidOperationException($"Refusing to save a {entry.Metadata.ClrType.Name} of a location outside the colleague's.");

            if (entry.Entity is Audit.AuditEntry && entry.State != EntityState.Added)
                throw new InvalidOperationException("The audit log is append-only.");

            if (entry is { State: EntityState.Modified, Entity: IVersioned versioned })
                versioned.Version++;
        }
    }
}

public static class TenantQueryExtensions
{
    /// <summary>
    /// Reads rows of every tenant. Only system work (intake claims, schedulers, seeding) may do this;
    /// the call site says so by using this method instead of a bare IgnoreQueryFilters.
    /// </summary>
    public static IQueryable<T> AcrossTenants<T>(this IQueryable<T> query) where T : class =>
        query.IgnoreQueryFilters([AppDbContext.TenantFilter]);
}
