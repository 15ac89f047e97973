using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadOrchestrator.Common;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LeadOrchestrator.Tests.Api;

/// <summary>
/// The OpenAPI documents describe every API, and the committed copies in <c>docs/openapi/</c> (which the
/// web apps' TypeScript types are generated from, and which web/'s own test checks the types against) are
/// what the app serves. When an API changes, regenerate both:
/// <c>LO_UPDATE_API_DOCS=1 dotnet test --filter ApiDocumentTests</c>, then <c>npm run api</c> in web/.
/// </summary>
public sealed class ApiDocumentTests(PostgresServer postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Documents => [.. ApiDocuments.All];

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task TheCommittedDocument_IsTheOneTheAppServes(string name)
    {
        await using var app = TestApp.Start(await TestDatabase.CreateAsync(DatabaseKind.Sqlite, postgres), new FakeTimeProvider(TestApp.DefaultStart));

        var served = Normalize(await app.Client.GetStringAsync($"/openapi/{name}.json", Ct));

        var path = Path.Combine(RepositoryPaths.Root, "docs", "openapi", $"{name}.json");
        if (Environment.GetEnvironmentVariable("LO_UPDATE_API_DOCS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, served, Ct);
        }
        var committed = File.Exists(path) ? (await File.ReadAllTextAsync(path, Ct)).ReplaceLineEndings("\n") : "(missing)";
        Assert.True(committed == served,
            $"docs/openapi/{name}.json is not what the app serves. Regenerate it with LO_UPDATE_API_DOCS=1 dotnet test --filter ApiDocumentTests, "
            + "then the TypeScript types with npm run api in web/, and commit both.");
    }

    [Fact]
    public async Task EveryApiEndpoint_IsInOneDocument_UnderItsRouteName()
    {
        await using var app = TestApp.Start(await TestDatabase.CreateAsync(DatabaseKind.Sqlite, postgres), new FakeTimeProvider(TestApp.DefaultStart));
        var documents = new Dictionary<string, JsonNode>();
        foreach (var name in ApiDocuments.All)
            documents[name] = JsonNode.Parse(await app.Client.GetStringAsync($"/openapi/{name}.json", Ct))!;

        var apis = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api/", StringComparison.Ordinal) || raw.StartsWith("/webhooks/", StringComparison.Ordinal)))
            .ToList();
        Assert.True(apis.Count > 25, $"only {apis.Count} API endpoints");
        var missing = new List<string>();
        foreach (var endpoint in apis)
        {
            var operationId = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            var where = documents.Where(d => operationId is not null && OperationIds(d.Value).Contains(operationId)).Select(d => d.Key).ToList();
            if (where.Count != 1)
                missing.Add($"{endpoint.RoutePattern.RawText} ({operationId ?? "no name"}): in {where.Count} documents");
        }
        Assert.True(missing.Count == 0, string.Join('\n', missing));

        // Each operation says how it refuses: problem details with a code.
        foreach (var (name, document) in documents)
        {
            foreach (var operation in Operations(document))
                Assert.True(operation["responses"]?["4XX"]?["content"]?["application/problem+json"] is not null, $"{name}: {operation["operationId"]} has no problem response");
            Assert.NotNull(document["components"]?["schemas"]?["ProblemDetails"]?["properties"]?["code"]);
        }
        // The chat stream's events are described, the final one being the whole reply.
        var stream = Operations(documents[ApiDocuments.Chat]).Single(o => (string?)o["operationId"] == "StreamChatMessage");
        Assert.NotNull(stream["responses"]?["200"]?["content"]?["text/event-stream"]);
    }

    [Theory]
    [InlineData("Development", HttpStatusCode.OK)]
    [InlineData("Production", HttpStatusCode.NotFound)]
    public async Task TheScalarReader_IsThereInDevelopmentOnly_TheDocumentsEverywhere(string environment, HttpStatusCode scalar)
    {
        await using var app = TestApp.Start(await TestDatabase.CreateAsync(DatabaseKind.Sqlite, postgres), new FakeTimeProvider(TestApp.DefaultStart),
            new Dictionary<string, string?> { [TestApp.EnvironmentSetting] = environment, ["App:PublicBaseUrl"] = "https://chat.example.com" });

        Assert.Equal(scalar, (await app.Client.GetAsync("/scalar/", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/openapi/chat.json", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("/openapi/nope.json", Ct)).StatusCode);
    }

    private static IEnumerable<JsonNode> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => o.Value!));

    private static HashSet<string> OperationIds(JsonNode document) =>
        [.. Operations(document).Select(o => (string?)o["operationId"]).OfType<string>()];

    /// <summary>Indented, with the same escaping and line ends on every machine, so a diff shows what changed.</summary>
    private static string Normalize(string json) => JsonSerializer.Serialize(JsonNode.Parse(json), Indented).ReplaceLineEndings("\n") + "\n";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
