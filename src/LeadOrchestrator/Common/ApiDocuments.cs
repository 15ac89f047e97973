using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace LeadOrchestrator.Common;

/// <summary>
/// One OpenAPI document per audience, served at <c>/openapi/{name}.json</c>: the customer's chat page
/// (<see cref="Chat"/>), the staff console (<see cref="Console"/>), the providers that call us
/// (<see cref="Webhooks"/>) and the operator (<see cref="Operations"/>). An endpoint joins a document by
/// its group name (<c>.WithGroupName(ApiDocuments.Console)</c>, usually on its feature's route group);
/// one with none is in no document, and the document test fails on it. The route names
/// (<c>.WithName</c>) are the operation ids. Every 4xx is problem details with a stable <c>code</c>
///, and each operation says so. The committed copies in <c>web/src/shared/api/</c>
/// are what the web apps' TypeScript types are generated from (<c>npm run api</c> in web/).
/// </summary>
public static class ApiDocuments
{
    public const string Chat = "chat";
    public const string Console = "console";
    public const string Webhooks = "webhooks";
    public const string Operations = "operations";

    public static readonly IReadOnlyList<string> All = [Chat, Console, Webhooks, Operations];

    private static readonly Dictionary<string, (string Title, string Description)> About = new()
    {
        [Chat] = ("Lead Orchestrator: customer chat API",
            "What the customer's chat page calls: history, context, messages (also as Server-Sent Events), free slots and appointments. "
            + "Every call carries the lead's chat token (`Authorization: Bearer …`, from the personal link)."),
        [Console] = ("Lead Orchestrator: staff console API",
            "What the shop's staff console calls, with the staff session cookie (`POST /api/console/auth/login`). "
            + "Changes must come from the console's own pages (same origin)."),
        [Webhooks] = ("Lead Orchestrator: webhooks",
            "What ShopMonkey, Twilio and SendGrid call. Each request is verified by its provider's signature before anything is read."),
        [Operations] = ("Lead Orchestrator: operations",
            "For the operator: workers' heartbeats, queue depths and providers' state."),
    };

    public static IHostApplicationBuilder AddApiDocuments(this IHostApplicationBuilder builder)
    {
        foreach (var name in All)
        {
            builder.Services.AddOpenApi(name, o =>
            {
                // Only the endpoints that say they belong here (the default also takes every ungrouped one).
                o.ShouldInclude = d => d.GroupName == name;
                // A case of a union (ChatEvent.Delta) is named with its union (ChatEventDelta), not a bare "Delta".
                o.CreateSchemaReferenceId = t => t.Type.DeclaringType is { } outer && t.Type.BaseType == outer
                    ? outer.Name + t.Type.Name
                    : OpenApiOptions.CreateDefaultSchemaReferenceId(t);
                o.AddDocumentTransformer((document, _, _) =>
                {
                    document.Info = new OpenApiInfo { Title = About[name].Title, Description = About[name].Description, Version = "1" };
                    // Which address answers is the reader's deployment, not the one that built the document.
                    document.Servers = [];
                    return Task.CompletedTask;
                });
                o.AddOperationTransformer(DescribeRefusalsAsync);
                o.AddSchemaTransformer(NumbersAreNumbers);
            });
        }
        return builder;
    }

    /// <summary>The documents, in every environment (they say nothing secret); the Scalar reader at <c>/scalar</c> in Development.</summary>
    public static WebApplication MapApiDocuments(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        if (app.Environment.IsDevelopment())
            app.MapScalarApiReference("/scalar", o => o.AddDocuments(All));
        return app;
    }

    /// <summary>
    /// The app writes numbers as JSON numbers; that it also reads "5" for 5 (the web defaults) is leniency,
    /// not the contract, and would make every count a <c>number | string</c> in TypeScript.
    /// </summary>
    private static Task NumbersAreNumbers(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (schema.Type is { } type && (type & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0 && (type & JsonSchemaType.String) != 0)
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Every 4xx the app sends is a problem (status code pages fill the empty ones): a "4XX" response on
    /// each operation, and problem content on the statuses an endpoint declares without a body.
    /// </summary>
    private static async Task DescribeRefusalsAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var document = context.Document!;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(nameof(ProblemDetails)))
            document.AddComponent(nameof(ProblemDetails), await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, ct));
        // Also when an endpoint's own .ProducesProblem() put the schema there first.
        if (document.Components.Schemas[nameof(ProblemDetails)] is OpenApiSchema schema)
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties.TryAdd("code", new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "What was refused, for programs: stable across versions (e.g. `opted_out`, `slot_taken`, `cross_origin`).",
            });
        }
        var problem = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(nameof(ProblemDetails), document) },
        };
        operation.Responses ??= [];
        foreach (var (status, response) in operation.Responses)
        {
            if (status.StartsWith('4') && response is OpenApiResponse { Content: null or { Count: 0 } } empty)
                empty.Content = new Dictionary<string, OpenApiMediaType>(problem);
        }
        operation.Responses.TryAdd("4XX", new OpenApiResponse
        {
            Description = "Refused: the request was malformed, not allowed or not possible now. Nothing was changed.",
            Content = new Dictionary<string, OpenApiMediaType>(problem),
        });
    }
}
