using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LeadOrchestrator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadOrchestrator.Tests.Infrastructure;

/// <summary>
/// SendGrid's <c>POST /v3/mail/send</c> on 127.0.0.1 for the official SDK: 202 with an empty body and an
/// <c>X-Message-Id</c>, or SendGrid's error body (<c>{"errors":[{"message","field"}]}</c>).
/// </summary>
public sealed class FakeSendGrid : IAsyncDisposable
{
    public const string ApiKey = "SG.test-key";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _failures = new();

    private FakeSendGrid(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Accepted requests' JSON with the X-Message-Id we answered, in order.</summary>
    public ConcurrentQueue<(JsonObject Body, string MessageId)> Sent { get; } = new();

    public ConcurrentQueue<string?> Authorizations { get; } = new();

    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<FakeSendGrid> StartAsync()
    {
        var app = LoopbackServer.Create();
        var fake = new FakeSendGrid(app);
        app.MapPost("/v3/mail/send", (Func<HttpContext, Task<IResult>>)fake.SendAsync);
        await app.StartAsync();
        fake.BaseUrl = new Uri(LoopbackServer.Address(app));
        return fake;
    }

    public void FailNext(int status) => _failures.Enqueue(status);

    private readonly ConcurrentQueue<(TaskCompletionSource Arrived, TaskCompletionSource Release, bool AcceptFirst)> _hangs = new();

    /// <summary>
    /// The next send does not answer until released; with <paramref name="acceptFirst"/> SendGrid has the email
    /// anyway (it is in <see cref="Sent"/>), and answers 202 once released; otherwise it answers 504.
    /// </summary>
    public (Task Arrived, TaskCompletionSource Release) HangNext(bool acceptFirst)
    {
        var hang = (new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), acceptFirst);
        _hangs.Enqueue(hang);
        return (hang.Item1.Task, hang.Item2);
    }

    private async Task<IResult> SendAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        Authorizations.Enqueue(context.Request.Headers.Authorization);
        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        if (_failures.TryDequeue(out var status))
            return Results.Json(new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["message"] = $"injected {status}", ["field"] = null }) }, statusCode: status);
        var messageId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        if (_hangs.TryDequeue(out var hang))
        {
            if (hang.AcceptFirst)
                Sent.Enqueue((body, messageId));
            hang.Arrived.TrySetResult();
            await hang.Release.Task;
            if (!hang.AcceptFirst)
                return Results.StatusCode(StatusCodes.Status504GatewayTimeout);
            context.Response.Headers["X-Message-Id"] = messageId;
            return Results.StatusCode(StatusCodes.Status202Accepted);
        }
        Sent.Enqueue((body, messageId));
        context.Response.Headers["X-Message-Id"] = messageId;
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
