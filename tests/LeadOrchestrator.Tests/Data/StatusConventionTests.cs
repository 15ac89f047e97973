using System.Text.Json;
using LeadOrchestrator.Booking;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.Data;

/// <summary>
/// One status convention: an enum's text is its snake_case name in the database, on the wire and in
/// <see cref="EnumNames"/> alike — so a status written by SQL, read by the console and shown in a
/// document is the same word.
/// </summary>
public sealed class StatusConventionTests
{
    [Fact]
    public void EveryEnumColumn_IsStoredAsItsSnakeCaseName_UnlessItSaysOtherwise()
    {
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>();
        DataExtensions.ConfigureSqlite(options, "Data Source=:memory:");
        using var db = new SqliteAppDbContext(options.Options);

        // A column that is a number on purpose, with why.
        var numbers = new Dictionary<string, string> { ["LocationHours.DayOfWeek"] = "a weekday is 0-6, as .NET and PostgreSQL count it" };
        var (problems, checkedColumns) = (new List<string>(), 0);
        foreach (var property in db.Model.GetEntityTypes().SelectMany(e => e.GetDeclaredProperties()))
        {
            var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
            var name = $"{property.DeclaringType.ClrType.Name}.{property.Name}";
            if (!type.IsEnum || numbers.ContainsKey(name))
                continue;
            checkedColumns++;
            if (property.GetValueConverter()?.GetType() != typeof(SnakeCaseEnumConverter<>).MakeGenericType(type))
                problems.Add($"{name} is not stored by SnakeCaseEnumConverter");
            else if (property.GetMaxLength() is not { } max || EnumNamesOf(type).Any(n => n.Length > max))
                problems.Add($"{name}'s column is too short for its names");
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.True(checkedColumns > 15, $"only {checkedColumns} enum columns found");
    }

    [Fact]
    public void EveryEnumOfTheApp_ReadsAndWritesTheSameWord_OnTheWireAndInEnumNames()
    {
        var enums = typeof(AppDbContext).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic || t.IsNestedPublic && t.IsEnum).ToList();
        Assert.Contains(typeof(NoticeKind), enums);
        foreach (var type in enums)
        {
            foreach (var (value, name) in Enum.GetValues(type).Cast<object>().Zip(EnumNamesOf(type)))
            {
                Assert.Equal($"\"{name}\"", JsonSerializer.Serialize(value, type, ApiJson.Options));
                Assert.Equal(value, JsonSerializer.Deserialize($"\"{name}\"", type, ApiJson.Options));
                // snake_case; a live event's type is "subject.change" (lead.created), both parts snake_case.
                Assert.Matches(@"^[a-z0-9]+(_[a-z0-9]+)*(\.[a-z0-9]+(_[a-z0-9]+)*)?$", name);
            }
        }
    }

    [Theory]
    [InlineData(AppointmentStatus.NoShow, "no_show")]
    [InlineData(NoticeKind.Reminder24h, "reminder_24h")]
    [InlineData(LeadOrchestrator.Messaging.DeliveryStatus.InDoubt, "in_doubt")]
    [InlineData(LeadOrchestrator.Messaging.ConsentStatus.OptedOut, "opted_out")]
    public void Names_AreTheWordsTheDatabaseAlreadyHolds(object value, string stored)
    {
        Assert.Equal(stored, EnumNamesOf(value.GetType())[Array.IndexOf(Enum.GetValues(value.GetType()), value)]);
    }

    [Fact]
    public void Parsing_TakesOnlyTheExactName()
    {
        Assert.True(EnumNames.TryParse<AppointmentStatus>("no_show", out var parsed));
        Assert.Equal(AppointmentStatus.NoShow, parsed);
        Assert.False(EnumNames.TryParse<AppointmentStatus>("NoShow", out _));
        Assert.False(EnumNames.TryParse<AppointmentStatus>("4", out _));
        Assert.False(EnumNames.TryParse<AppointmentStatus>(null, out _));
    }

    private static IReadOnlyList<string> EnumNamesOf(Type type) =>
        (IReadOnlyList<string>)typeof(EnumNames).GetMethod(nameof(EnumNames.All))!.MakeGenericMethod(type).Invoke(null, null)!;
}
