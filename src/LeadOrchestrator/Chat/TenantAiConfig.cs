using LeadOrchestrator.Data;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadOrchestrator.Chat;

/// <summary>
/// A tenant's own choice of assistant (table <c>tenant_ai_configs</c>), overriding <c>AI:Provider</c>,
/// <c>AI:FallbackProvider</c> and <c>AI:Split</c>. Keys and endpoints stay in the app's configuration.
/// </summary>
public sealed class TenantAiConfig : ITenantOwned
{
    public Guid TenantId { get; set; }
    public string? Provider { get; set; }
    public string? FallbackProvider { get; set; }

    /// <summary>"anthropic:50,openai:50"; empty for no split.</summary>
    public string? Split { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public static Dictionary<string, int> ParseSplit(string? split) =>
        (split ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split(':', StringSplitOptions.TrimEntries))
            .Where(p => p.Length == 2 && int.TryParse(p[1], out var w) && w > 0)
            .ToDictionary(p => p[0].ToLowerInvariant(), p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
}

internal sealed class TenantAiConfigConfiguration : IEntityTypeConfiguration<TenantAiConfig>
{
    public void Configure(EntityTypeBuilder<TenantAiConfig> b)
    {
        b.ToTable("tenant_ai_configs");
        b.HasKey(c => c.TenantId);
        b.HasOne<Tenant>().WithOne().HasForeignKey<TenantAiConfig>(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Property(c => c.Provider).HasMaxLength(16);
        b.Property(c => c.FallbackProvider).HasMaxLength(16);
        b.Property(c => c.Split).HasMaxLength(200);
    }
}
