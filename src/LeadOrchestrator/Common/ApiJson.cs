using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadOrchestrator.Common;

/// <summary>
/// The JSON of every API, on top of the web defaults (camelCase): one status convention on the wire — an
/// enum is its snake_case name (<c>no_show</c>), as in the database — so the OpenAPI documents list its
/// values and TypeScript sees a union. Clients in .NET (the tests) read with the same options.
/// </summary>
public static class ApiJson
{
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        // The only dictionaries on the wire are validation problems' errors: keyed by the field as the
        // client wrote it (message, newPassword), also when AddValidation names it by its C# property.
        options.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase;
        return options;
    }

    /// <summary>A ready set for reading and writing API bodies outside the app.</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
