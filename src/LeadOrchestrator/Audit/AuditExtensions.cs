using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LeadOrchestrator.Audit;

public static class AuditExtensions
{
    /// <summary>The audit log: every save records its changes and their maker (<see cref="AuditRecorder"/>).</summary>
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IInterceptor, AuditRecorder>();
        return builder;
    }
}
