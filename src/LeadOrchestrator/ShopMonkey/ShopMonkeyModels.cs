using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadOrchestrator.ShopMonkey;

// Wire shapes of ShopMonkey API v3 (../shared/reference/shopmonkey-api.md). Only the fields we use are
// modelled; everything is nullable because adding fields and enum values is "non-breaking" for them.
// Ids are opaque strings (24-hex legacy ids and UUIDs), money is integer cents, enums stay strings.

/// <summary>The <c>{success, data, meta}</c> envelope of every response.</summary>
public sealed record SmEnvelope<T>(bool Success, T? Data, SmMeta? Meta, string? Message, string? Code);

public sealed record SmMeta(long? Total, bool? HasMore);

public interface ISmEntity
{
    string Id { get; }
}

public sealed record SmOrder : ISmEntity
{
    [JsonConverter(typeof(FlexibleStringConverter))]
    public required string Id { get; init; }

    public string? PublicId { get; init; }

    /// <summary>A string in the current schema ("1004"); older payloads had a number.</summary>
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? Number { get; init; }

    public string? Name { get; init; }
    public string? GeneratedName { get; init; }
    public string? CoalescedName { get; init; }

    /// <summary>Estimate | RepairOrder | Invoice (more may be added).</summary>
    public string? Status { get; init; }

    public string? WorkflowStatusId { get; init; }
    public string? CustomerId { get; init; }
    public string? VehicleId { get; init; }
    public string? LocationId { get; init; }
    public string? CompanyId { get; init; }
    public string? GeneratedCustomerName { get; init; }
    public string? GeneratedVehicleName { get; init; }
    public string? Complaint { get; init; }
    public bool? Authorized { get; init; }
    public bool? Invoiced { get; init; }
    public bool? Paid { get; init; }
    public bool? Archived { get; init; }
    public bool? Deleted { get; init; }
    public long? TotalCostCents { get; init; }
    public DateTimeOffset? OrderCreatedDate { get; init; }
    public DateTimeOffset? CreatedDate { get; init; }
    public DateTimeOffset? UpdatedDate { get; init; }

    [JsonIgnore]
    public string? DisplayName => Name ?? CoalescedName ?? GeneratedName;
}

public sealed record SmCustomer : ISmEntity
{
    [JsonConverter(typeof(FlexibleStringConverter))]
    public required string Id { get; init; }

    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? CompanyName { get; init; }
    public string? CustomerType { get; init; }

    /// <summary>Contact data lives here; the top-level <c>email</c>/<c>phone</c> are always null on reads.</summary>
    public List<SmEmail>? Emails { get; init; }

    public List<SmPhoneNumber>? PhoneNumbers { get; init; }
    public string? Address1 { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? PostalCode { get; init; }
    public string? Country { get; init; }
    public string? PreferredContactMethod { get; init; }

    /// <summary>Free text the shop keeps on the customer; a "Spanish speaker" here sets the lead's language (<see cref="Leads.LeadLanguage"/>).</summary>
    public string? Note { get; init; }

    public List<SmLabel>? Labels { get; init; }

    /// <summary>The shop's own fields; their shape is not documented, so it is read loosely (an object or a list of name/value pairs).</summary>
    public JsonElement? CustomFields { get; init; }

    public bool? Deleted { get; init; }
    public DateTimeOffset? CreatedDate { get; init; }
    public DateTimeOffset? UpdatedDate { get; init; }
}

public sealed record SmEmail(string? Id, string? Email, bool? Primary, bool? Subscribed);

public sealed record SmPhoneNumber(string? Id, string? Number, string? Extension, bool? Primary, string? Type, bool? OptIn, string? Country);

public sealed record SmVehicle : ISmEntity
{
    [JsonConverter(typeof(FlexibleStringConverter))]
    public required string Id { get; init; }

    public int? Year { get; init; }
    public string? Make { get; init; }
    public string? Model { get; init; }
    public string? Submodel { get; init; }
    public string? Vin { get; init; }
    public string? Color { get; init; }
    public string? LicensePlate { get; init; }
    public string? Size { get; init; }

    /// <summary>Hydrated owner ids: the only way to see ownership (vehicles have no customerId column).</summary>
    public List<string>? Owners { get; init; }
}

public sealed record SmCannedService : ISmEntity
{
    [JsonConverter(typeof(FlexibleStringConverter))]
    public required string Id { get; init; }

    public string? Name { get; init; }
    public string? Note { get; init; }
    public long? TotalCents { get; init; }
    public long? FixedPriceCents { get; init; }
    public string? Pricing { get; init; }
    public bool? Bookable { get; init; }
    public bool? Deleted { get; init; }
    public string? LocationId { get; init; }
    public List<SmCannedServiceLabor>? Labors { get; init; }
    public List<SmLabel>? Labels { get; init; }
}

public sealed record SmCannedServiceLabor(string? Name, double? Hours, long? RateCents);

public sealed record SmLabel(string? Name);

public sealed record SmLocation : ISmEntity
{
    [JsonConverter(typeof(FlexibleStringConverter))]
    public required string Id { get; init; }

    public string? Name { get; init; }
    public string? Address1 { get; init; }
    public string? Address2 { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? PostalCode { get; init; }
    public string? Country { get; init; }

    /// <summary>Probably IANA (America/Chicago); unverified, so callers fall back to our own setting.</summary>
    public string? Timezone { get; init; }

    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? Website { get; init; }
}

public sealed record SmAppointment : ISmEntity
{
    [JsonConverter(typeof(FlexibleStringConverter))]
    public required string Id { get; init; }

    public string? Name { get; init; }
    public string? Color { get; init; }
    public string? Note { get; init; }
    public DateTimeOffset? StartDate { get; init; }
    public DateTimeOffset? EndDate { get; init; }
    public bool? AllDay { get; init; }
    public string? CustomerId { get; init; }
    public string? VehicleId { get; init; }
    public string? OrderId { get; init; }
    public string? LocationId { get; init; }
    public string? ConfirmationStatus { get; init; }

    /// <summary>Set on recurring blocks; search_replacement returns each occurrence with its own dates.</summary>
    public string? Rruleset { get; init; }
    public DateTimeOffset? CreatedDate { get; init; }
    public DateTimeOffset? UpdatedDate { get; init; }
}

/// <summary>
/// Body of <c>POST /v3/appointment</c>. <c>name</c> and <c>color</c> are required by the API; times are
/// sent with the location's real UTC offset (never a hard-coded one).
/// </summary>
public sealed record SmCreateAppointment(
    string Name,
    string Color,
    string StartDate,
    string EndDate,
    string? CustomerId,
    string? VehicleId,
    string? OrderId,
    string? LocationId,
    string? Note);

/// <summary>Body of <c>PUT /v3/appointment/{id}</c>: only what changes.</summary>
public sealed record SmUpdateAppointment(string? Name, string? StartDate, string? EndDate, string? Note);

/// <summary>A ShopMonkey user (technicians among them); the calendar search wants their ids.</summary>
public sealed record SmUser : ISmEntity
{
    [JsonConverter(typeof(FlexibleStringConverter))]
    public required string Id { get; init; }

    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public bool? Active { get; init; }
}

/// <summary>Reads a JSON string, number or boolean as a string: ids and order numbers changed type over time.</summary>
public sealed class FlexibleStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => Common.CleanText.Read(ref reader),
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.Null => null,
            _ => throw new JsonException($"Expected a string or number, got {reader.TokenType}."),
        };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>
/// Every string ShopMonkey sends is cleaned as it is read (<see cref="Common.CleanText"/>): a NUL in a
/// vehicle model must not make the lead unstorable, and an escaped lone surrogate must not make the whole
/// answer unreadable.
/// </summary>
public sealed class CleanStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String || reader.TokenType == JsonTokenType.Null
            ? Common.CleanText.Read(ref reader)
            : throw new JsonException($"Expected a string, got {reader.TokenType}.");

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

public static class ShopMonkeyJson
{
    /// <summary>camelCase, case-insensitive, numbers accepted from strings, nulls not written, strings cleaned.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new CleanStringConverter() },
    };
}

/// <summary>
/// A ShopMonkey webhook (<c>/v3/webhook</c>, reference §3): where it delivers, for which triggers, and whether
/// ShopMonkey has put it in an error state after failed deliveries (<see cref="Error"/>, with its message and date).
/// </summary>
public sealed record SmWebhook : ISmEntity
{
    [JsonConverter(typeof(FlexibleStringConverter))]
    public required string Id { get; init; }

    public string? Name { get; init; }
    public string? Url { get; init; }
    public IReadOnlyList<string>? Triggers { get; init; }
    public bool? Enabled { get; init; }
    public bool? Error { get; init; }
    public string? ErrorMessage { get; init; }
    public DateTimeOffset? ErrorDate { get; init; }
}

/// <summary>The body of <c>POST /v3/webhook</c> and <c>PUT /v3/webhook/{id}</c> (null fields are left out).</summary>
public sealed record SmWebhookChange(string? Name, string? Url, IReadOnlyList<string>? Triggers, bool? Enabled, string? Secret);
