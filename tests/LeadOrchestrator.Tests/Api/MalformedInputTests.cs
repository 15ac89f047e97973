using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LeadOrchestrator.Data;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadOrchestrator.Tests.Api;

/// <summary>
/// Bad input is the caller's mistake, never a 500 — in the run command's Development environment as
/// well as in production. Every endpoint the app maps (read from its own endpoint list, so a new one is
/// covered the day it is added) gets malformed JSON, wrong types, a missing content type, garbage route
/// values and query parameters, signed in and not. An API's refusal is always problem details with a
/// stable <c>code</c>.
/// </summary>
public sealed class MalformedInputTests(PostgresServer postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Bodies a client can get wrong, each with the content type it is sent as.</summary>
    private static readonly (string Body, string? ContentType)[] Bodies =
    [
        ("{\"message\": ", "application/json"),
        ("not json at all", "application/json"),
        ("""{"message": 5, "serviceId": "zz", "start": true, "offsetMinutes": "soon", "email": [], "password": {}, "clientMessageId": "x", "status": 7, "body": null}""", "application/json"),
        ("""{"start": "9999-99-99T99:99", "serviceId": "00000000-0000-0000-0000-000000000000", "offsetMinutes": 99999999999999999999}""", "application/json"),
        ("[]", "application/json"),
        ("null", "application/json"),
        ("", "application/json"),
        ("message=hi", null),
        ("{\"message\":\"hi\"}", "text/plain"),
    ];

    private static readonly string[] RouteValues = ["not-a-guid", "%00", "99999999999999999999", "0", "-1"];

    /// <summary>Wrong types everywhere; then only text, with a NUL in it (which types bind, and PostgreSQL refuses); then none.</summary>
    private static readonly string[] Queries =
    [
        "?serviceId=zz&from=notadate&to=9999-12-31&limit=-1&status=x&syncState=x&leadId=zz&access_token=zz",
        "?status=%00&syncState=%00&access_token=%00&from=2026-11-24&to=2026-11-30",
        "",
    ];

    // PostgreSQL refuses a NUL in a query parameter outright (SQLite does not): it gets the production run.
    [Theory]
    [InlineData("Development", DatabaseKind.Sqlite)]
    [InlineData("Production", DatabaseKind.Postgres)]
    public async Task EveryEndpoint_AnswersBadInputWithA4xx_NeverA500(string environment, DatabaseKind kind)
    {
        await using var h = await ChatHarness.StartAsync(kind, postgres, settings: new Dictionary<string, string?>
        {
            [TestApp.EnvironmentSetting] = environment,
            ["App:PublicBaseUrl"] = "http://127.0.0.1",
            ["Chat:PerLeadPerMinute"] = "100000",
            ["Chat:PerIpPerMinute"] = "1000000",
        });
        var (lead, token) = await h.LeadWithTokenAsync();
        using var staff = await h.Messaging.StaffClientAsync();
        using var customer = h.App.CreateClient();
        customer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var clients = new List<HttpClient> { h.App.Client, customer, staff };
        if (environment == "Development")
        {
            // The built-in ShopMonkey sandbox answers its own API key only.
            var key = h.App.Open(await h.App.DbAsync(db => db.TenantCrmConfigs.AcrossTenants().Where(c => c.UsesSandbox)
                .Select(c => c.ApiKeySealed).FirstAsync(Ct)));
            var sandbox = h.App.CreateClient();
            sandbox.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            clients.Add(sandbox);
        }

        // Signing out last: until then the signed-in client's requests reach the handlers behind the sign-in.
        var endpoints = h.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .OrderBy(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == "StaffLogout").ToList();
        Assert.True(endpoints.Count > 30, $"only {endpoints.Count} endpoints found");
        var failures = new List<string>();
        var tried = 0;
        foreach (var endpoint in endpoints)
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                foreach (var path in Paths(endpoint.RoutePattern, lead.Id))
                {
                    foreach (var client in clients)
                    {
                        foreach (var (body, type, query) in method is "GET" or "HEAD" or "DELETE"
                            ? Queries.Select(q => ((string?)null, (string?)null, q))
                            : Bodies.Select(b => ((string?)b.Body, b.ContentType, Queries[0])))
                        {
                            using var request = new HttpRequestMessage(new HttpMethod(method), path + query);
                            if (body is not null)
                            {
                                request.Content = new StringContent(body, Encoding.UTF8);
                                request.Content.Headers.ContentType = type is null ? null : MediaTypeHeaderValue.Parse(type);
                            }
                            request.Headers.Add("Origin", h.App.Client.BaseAddress!.GetLeftPart(UriPartial.Authority));
                            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
                            tried++;
                            if ((int)response.StatusCode >= 500)
                                failures.Add($"{method} {path}{query} ({type ?? "no content type"}: {Shorten(body)}) → {(int)response.StatusCode}");
                            else if ((int)response.StatusCode >= 400 && path.StartsWith("/api/", StringComparison.Ordinal) | path.StartsWith("/webhooks/", StringComparison.Ordinal)
                                && !RefusedByTheServer(path, response) && await CodeOfAsync(response) is null)
                                failures.Add($"{method} {path}{query} ({type ?? "no content type"}: {Shorten(body)}) → {(int)response.StatusCode} without a problem code "
                                    + $"({response.Content.Headers.ContentType}: {Shorten(await response.Content.ReadAsStringAsync(Ct))})");
                        }
                    }
                }
            }
        }
        Assert.True(tried > 500, $"only {tried} requests");
        Assert.True(failures.Count == 0, string.Join('\n', failures.Distinct().Take(40)));
    }

    /// <summary>The route with each parameter garbled in turn, and with plausible values (the lead's own id).</summary>
    private static IEnumerable<string> Paths(RoutePattern pattern, Guid leadId)
    {
        string Build(Func<RoutePatternParameterPart, string> value) =>
            "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternParameterPart parameter => value(parameter),
                RoutePatternSeparatorPart separator => separator.Content,
                _ => "",
            }))));

        var parameters = pattern.Parameters.ToList();
        yield return Build(p => p.Name == "leadId" ? leadId.ToString() : Guid.NewGuid().ToString());
        foreach (var garbled in parameters)
            foreach (var value in RouteValues)
                yield return Build(p => p == garbled ? value : p.Name == "leadId" ? leadId.ToString() : Guid.NewGuid().ToString());
    }

    /// <summary>
    /// A NUL in the path is refused by the HTTP server itself (Kestrel, and the test server alike), a bare
    /// 400 before any of the app runs: there is nothing of ours to put a code on.
    /// </summary>
    private static bool RefusedByTheServer(string path, HttpResponseMessage response) =>
        path.Contains("%00", StringComparison.Ordinal) && response.StatusCode == HttpStatusCode.BadRequest && response.Content.Headers.ContentType is null;

    /// <summary>An API's refusal is problem details with a stable <c>code</c> (Common/Problems.cs); null when it is not.</summary>
    private static async Task<string?> CodeOfAsync(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return null;
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return doc.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null;
    }

    private static string Shorten(string? body) => body is null ? "" : body.Length > 40 ? body[..40] + "…" : body;
}
