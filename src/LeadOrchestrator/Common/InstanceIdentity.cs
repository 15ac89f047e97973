using System.Globalization;
using System.Security.Cryptography;

namespace LeadOrchestrator.Common;

/// <summary>Names this process in leases and job records, so operators can tell instances apart.</summary>
public sealed class InstanceIdentity
{
    public string Name { get; } = string.Create(CultureInfo.InvariantCulture,
        $"{Environment.MachineName}:{Environment.ProcessId}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}");
}
