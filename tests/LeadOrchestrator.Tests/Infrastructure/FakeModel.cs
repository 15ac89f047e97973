using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadOrchestrator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadOrchestrator.Tests.Infrastructure;

/// <summary>
/// Anthropic's <c>POST /v1/messages</c> or OpenAI's <c>POST /v1/chat/completions</c> on 127.0.0.1, for
/// the official SDKs: replays the real streaming formats from the reference notes (text deltas, tool
/// calls with argument fragments, usage, ping, mid-stream errors, frames split across writes) and the
/// real error bodies. Each request takes the next scripted reply; with none left it answers "Hello!".
/// </summary>
public sealed class FakeModel : IAsyncDisposable
{
    public enum Api
    {
        Anthropic,
        OpenAI,
    }

    public abstract record Reply
    {
        public sealed record Text(string Content, int InputTokens = 25, int OutputTokens = 15) : Reply;

        public sealed record ToolCall(string Name, string ArgumentsJson = "{}") : Reply;

        public sealed record Fails(int Status, string Type, string Message) : Reply;

        /// <summary>Some text, then the stream dies (Anthropic: an <c>event: error</c> after 200; OpenAI: the connection drops).</summary>
        public sealed record BreaksMidway(string TextBefore) : Reply;

        /// <summary>Headers sent, then nothing until the client gives up.</summary>
        public sealed record Hangs : Reply;

        /// <summary>These SSE bytes exactly (e.g. a recorded stream from the reference notes).</summary>
        public sealed record Verbatim(string Sse) : Reply;

        /// <summary>The first words of <paramref name="Content"/> at once, then nothing until <paramref name="Release"/> completes, then the rest.</summary>
        public sealed record Gated(string Content, TaskCompletionSource Release) : Reply;
    }

    public const string AnthropicKey = "sk-ant-test";
    public const string OpenAIKey = "sk-openai-test";
    public const string AnthropicModel = "claude-sonnet-4-5-20250929";
    public const string OpenAIModel = "gpt-4o-2024-08-06";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Reply> _script = new();
    private readonly Api _api;

    private FakeModel(WebApplication app, Api api) => (_app, _api) = (app, api);

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The URL to configure: Anthropic's base (the SDK adds /v1/messages), OpenAI's endpoint (…/v1).</summary>
    public string ConfiguredUrl => _api == Api.Anthropic ? BaseUrl.ToString().TrimEnd('/') : new Uri(BaseUrl, "v1").ToString();

    public ConcurrentQueue<JsonObject> Requests { get; } = new();
    public ConcurrentQueue<IHeaderDictionary> Headers { get; } = new();

    public static async Task<FakeModel> StartAsync(Api api)
    {
        var app = LoopbackServer.Create();
        var fake = new FakeModel(app, api);
        app.MapPost(api == Api.Anthropic ? "/v1/messages" : "/v1/chat/completions", (Func<HttpContext, Task>)fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = new Uri(LoopbackServer.Address(app) + "/");
        return fake;
    }

    public void Enqueue(params Reply[] replies)
    {
        foreach (var reply in replies)
            _script.Enqueue(reply);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        Requests.Enqueue(body);
        Headers.Enqueue(new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase)));
        var reply = _script.TryDequeue(out var next) ? next : new Reply.Text("Hello!");
        var stream = body["stream"]?.GetValue<bool>() == true;
        var response = context.Response;

        if (reply is Reply.Fails error)
        {
            response.StatusCode = error.Status;
            if (error.Status == 429)
                response.Headers["retry-after"] = "1";
            await response.WriteAsJsonAsync(_api == Api.Anthropic
                ? new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = error.Type, ["message"] = error.Message }, ["request_id"] = "req_fake" }
                : new JsonObject { ["error"] = new JsonObject { ["message"] = error.Message, ["type"] = error.Type, ["param"] = null, ["code"] = error.Type } });
            return;
        }
        if (!stream)
        {
            await response.WriteAsJsonAsync(Complete(reply));
            return;
        }

        response.ContentType = "text/event-stream; charset=utf-8";
        await response.StartAsync();
        if (reply is Reply.Hangs)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
            return;
        }
        IEnumerable<string?> frames = reply is Reply.Verbatim verbatim ? new[] { verbatim.Sse } : _api == Api.Anthropic ? AnthropicFrames(reply) : OpenAIFrames(reply);
        var pieces = 0;
        foreach (var frame in frames)
        {
            // A gated reply holds back everything after its first piece of text.
            if (reply is Reply.Gated gate && frame is not null && IsTextPiece(frame) && pieces++ == 1)
                await gate.Release.Task.WaitAsync(context.RequestAborted);
            if (frame is null)
            {
                context.Abort();
                return;
            }
            // Every frame goes out in two writes, split mid-line, as TCP may deliver it.
            var bytes = Encoding.UTF8.GetBytes(frame);
            var half = bytes.Length / 2;
            await response.Body.WriteAsync(bytes.AsMemory(0, half));
            await response.Body.FlushAsync();
            await response.Body.WriteAsync(bytes.AsMemory(half));
            await response.Body.FlushAsync();
        }
    }

    private bool IsTextPiece(string frame) =>
        _api == Api.Anthropic ? frame.Contains("\"text_delta\"", StringComparison.Ordinal)
            : frame.Contains("\"content\":\"", StringComparison.Ordinal) && !frame.Contains("\"content\":\"\"", StringComparison.Ordinal);

    private static string Json(object value) => JsonSerializer.Serialize(value);

    /// <summary>The text in a few pieces, as a model streams it.</summary>
    private static IEnumerable<string> Pieces(string text)
    {
        var words = text.Split(' ');
        for (var i = 0; i < words.Length; i += 2)
            yield return string.Join(' ', words.Skip(i).Take(2)) + (i + 2 < words.Length ? " " : "");
    }

    private static IEnumerable<string?> AnthropicFrames(Reply reply)
    {
        static string Event(string name, object data) => $"event: {name}\ndata: {Json(data)}\n\n";
        if (reply is Reply.Gated gated)
            reply = new Reply.Text(gated.Content);
        var (input, output) = reply is Reply.Text t ? (t.InputTokens, t.OutputTokens) : (30, 12);
        yield return Event("message_start", new
        {
            type = "message_start",
            message = new
            {
                id = "msg_fake", type = "message", role = "assistant", content = Array.Empty<object>(), model = AnthropicModel, stop_reason = (string?)null, stop_sequence = (string?)null,
                usage = new { input_tokens = input, cache_creation_input_tokens = 0, cache_read_input_tokens = 0, output_tokens = 1, service_tier = "standard" },
            },
        });
        switch (reply)
        {
            case Reply.Text text:
                yield return Event("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } });
                yield return Event("ping", new { type = "ping" });
                foreach (var piece in Pieces(text.Content))
                    yield return Event("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = piece } });
                yield return Event("content_block_stop", new { type = "content_block_stop", index = 0 });
                yield return Event("message_delta", new { type = "message_delta", delta = new { stop_reason = "end_turn", stop_sequence = (string?)null }, usage = new { output_tokens = output } });
                break;
            case Reply.ToolCall call:
                yield return Event("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "tool_use", id = "toolu_fake01", name = call.Name, input = new { } } });
                yield return Event("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "input_json_delta", partial_json = "" } });
                var args = call.ArgumentsJson;
                for (var i = 0; i < args.Length; i += 5)
                    yield return Event("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "input_json_delta", partial_json = args.Substring(i, Math.Min(5, args.Length - i)) } });
                yield return Event("content_block_stop", new { type = "content_block_stop", index = 0 });
                yield return Event("message_delta", new { type = "message_delta", delta = new { stop_reason = "tool_use", stop_sequence = (string?)null }, usage = new { output_tokens = output } });
                break;
            case Reply.BreaksMidway broken:
                yield return Event("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } });
                yield return Event("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = broken.TextBefore } });
                yield return Event("error", new { type = "error", error = new { type = "overloaded_error", message = "Overloaded" } });
                yield break;
        }
        yield return Event("message_stop", new { type = "message_stop" });
    }

    private static IEnumerable<string?> OpenAIFrames(Reply reply)
    {
        static string Chunk(object delta, string? finish) =>
            $"data: {Json(new { id = "chatcmpl-fake", @object = "chat.completion.chunk", created = 1770950778, model = OpenAIModel, system_fingerprint = "fp_fake", choices = new[] { new { index = 0, delta, logprobs = (object?)null, finish_reason = finish } }, usage = (object?)null, obfuscation = "x" })}\n\n";
        static string Usage(int input, int output) =>
            $"data: {Json(new { id = "chatcmpl-fake", @object = "chat.completion.chunk", created = 1770950778, model = OpenAIModel, choices = Array.Empty<object>(), usage = new { prompt_tokens = input, completion_tokens = output, total_tokens = input + output, prompt_tokens_details = new { cached_tokens = 0 } } })}\n\n";
        yield return Chunk(new { role = "assistant", content = "", refusal = (string?)null }, null);
        if (reply is Reply.Gated gated)
            reply = new Reply.Text(gated.Content);
        switch (reply)
        {
            case Reply.Text text:
                foreach (var piece in Pieces(text.Content))
                    yield return Chunk(new { content = piece }, null);
                yield return Chunk(new { }, "stop");
                yield return Usage(text.InputTokens, text.OutputTokens);
                break;
            case Reply.ToolCall call:
                yield return Chunk(new { tool_calls = new[] { new { index = 0, id = "call_fake01", type = "function", function = new { name = call.Name, arguments = "" } } } }, null);
                var args = call.ArgumentsJson;
                for (var i = 0; i < args.Length; i += 5)
                    yield return Chunk(new { tool_calls = new[] { new { index = 0, function = new { arguments = args.Substring(i, Math.Min(5, args.Length - i)) } } } }, null);
                yield return Chunk(new { }, "tool_calls");
                yield return Usage(30, 12);
                break;
            case Reply.BreaksMidway broken:
                yield return Chunk(new { content = broken.TextBefore }, null);
                yield break; // the response just ends: no finish reason, no [DONE]
        }
        yield return "data: [DONE]\n\n";
    }

    /// <summary>A non-streamed answer (the assistant's second try after the price guard).</summary>
    private JsonObject Complete(Reply reply)
    {
        var text = reply is Reply.Text t ? t.Content : "Hello!";
        return _api == Api.Anthropic
            ? JsonNode.Parse(Json(new { id = "msg_fake2", type = "message", role = "assistant", model = AnthropicModel, content = new[] { new { type = "text", text } }, stop_reason = "end_turn", stop_sequence = (string?)null, usage = new { input_tokens = 20, output_tokens = 10 } }))!.AsObject()
            : JsonNode.Parse(Json(new { id = "chatcmpl-fake2", @object = "chat.completion", created = 1770950778, model = OpenAIModel, choices = new[] { new { index = 0, message = new { role = "assistant", content = text, refusal = (string?)null }, finish_reason = "stop" } }, usage = new { prompt_tokens = 20, completion_tokens = 10, total_tokens = 30 } }))!.AsObject();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
