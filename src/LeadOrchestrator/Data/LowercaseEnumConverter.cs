using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LeadOrchestrator.Data;

/// <summary>Stores enums as lowercase text ('pending', 'webhook'), which operators can read and query.</summary>
public sealed class LowercaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    v => v.ToString().ToLowerInvariant(),
    v => Enum.Parse<TEnum>(v, true))
    where TEnum : struct, Enum;
