namespace LeadOrchestrator.Common;

/// <summary>
/// One binary, two roles: <c>web</c> serves HTTP, <c>worker</c> runs the background loops. Both by
/// default; <c>Roles=web</c> or <c>Roles=worker</c> splits them for scale-out.
/// </summary>
public static class AppRoles
{
    public const string Web = "web";
    public const string Worker = "worker";

    public static bool HasRole(this IHostApplicationBuilder builder, string role) => HasRole(builder.Configuration, role);

    public static bool HasRole(this WebApplication app, string role) => HasRole(app.Configuration, role);

    private static bool HasRole(IConfiguration configuration, string role)
    {
        var roles = configuration["Roles"];
        return string.IsNullOrWhiteSpace(roles)
            || roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Contains(role, StringComparer.OrdinalIgnoreCase);
    }
}
