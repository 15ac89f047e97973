using LeadOrchestrator.Common;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LeadOrchestrator.Data;

/// <summary>
/// Stores an enum as its snake_case name ('pending', 'in_doubt', 'no_show'). Applied to every enum
/// property by convention in <see cref="AppDbContext"/>; a property opts out only by configuring its own
/// conversion (the day of week is a number).
/// </summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    v => EnumNames.Of(v),
    v => EnumNames.Parse<TEnum>(v))
    where TEnum : struct, Enum;
