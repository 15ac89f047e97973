using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;
using Polly;
using Polly.CircuitBreaker;

namespace LeadOrchestrator.Chat;

/// <summary>
/// One configured assistant: its <see cref="IChatClient"/> pipeline (the provider's official SDK,
/// then function invocation with a cap on tool rounds), its circuit breaker and what /api/health shows.
/// </summary>
public sealed class ChatProvider
{
    private readonly Lock _gate = new();

    public ChatProvider(string name, string model, IChatClient client, ResiliencePipeline breaker, CircuitBreakerStateProvider circuit)
    {
        (Name, Model, Client, Breaker, Circuit) = (name, model, client, breaker, circuit);
    }

    public string Name { get; }
    public string Model { get; }
    public IChatClient Client { get; }

    /// <summary>Wraps "start the stream and get the first token"; open when the provider keeps failing.</summary>
    public ResiliencePipeline Breaker { get; }

    public CircuitBreakerStateProvider Circuit { get; }

    public DateTimeOffset? LastSuccessAt { get; private set; }
    public DateTimeOffset? LastFailureAt { get; private set; }
    public string? LastError { get; private set; }
    public double? LastLatencyMs { get; private set; }

    public void Succeeded(DateTimeOffset at, TimeSpan latency)
    {
        lock (_gate)
            (LastSuccessAt, LastLatencyMs) = (at, Math.Round(latency.TotalMilliseconds, 1));
    }

    public void Failed(DateTimeOffset at, string error)
    {
        lock (_gate)
            (LastFailureAt, LastError) = (at, error);
    }
}

/// <summary>The configured providers by name. The offline assistant is always there; the others when they have a key or an endpoint.</summary>
public sealed class ChatProviders : IDisposable
{
    /// <summary>A provider's error in a line, for logs and the health page (the SDKs' own messages run long).</summary>
    public static string Describe(Exception e) =>
        e switch
        {
            System.ClientModel.ClientResultException c => $"HTTP {c.Status}: {Truncate(c.Message)}",
            HttpRequestException h when h.StatusCode is { } code => $"HTTP {(int)code}: {Truncate(h.Message)}",
            Anthropic.Exceptions.AnthropicServiceException a => $"HTTP {StatusOf(a)} {a.Type}: {Truncate(a.ApiMessage ?? a.Message)}",
            _ => $"{e.GetType().Name}: {Truncate(e.Message)}",
        };

    /// <summary>The Anthropic SDK's status-specific exceptions carry the code as <c>StatusCode</c>.</summary>
    private static string StatusOf(Exception e) =>
        e.GetType().GetProperty("StatusCode")?.GetValue(e) is System.Net.HttpStatusCode code ? ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";

    private static string Truncate(string s) => s.Length > 200 ? s[..200] : s;

    public const string HttpClientName = "ai";
    private readonly Dictionary<string, ChatProvider> _providers = new(StringComparer.OrdinalIgnoreCase);

    public ChatProviders(IOptions<AiOptions> options, TimeProvider time, IHttpClientFactory http, ILoggerFactory loggers)
    {
        var ai = options.Value;
        Add(AiProviders.Offline, OfflineAssistant.ModelId, new OfflineAssistant(ai.OfflineTypingDelay));
        if (ai.Anthropic.ApiKey is { Length: > 0 } anthropicKey)
        {
            var client = new AnthropicClient
            {
                ApiKey = anthropicKey,
                BaseUrl = ai.Anthropic.BaseUrl is { Length: > 0 } url ? url.TrimEnd('/') : "https://api.anthropic.com",
                HttpClient = http.CreateClient(HttpClientName),
                // Our own fallback and breaker decide; an SDK retrying a 529 for seconds would only delay the fallback.
                MaxRetries = 0,
                Timeout = ai.AnswerTimeout,
            };
            Add(AiProviders.Anthropic, ai.Anthropic.Model, client.AsIChatClient(ai.Anthropic.Model, ai.MaxOutputTokens));
        }
        if (ai.OpenAI.ApiKey is { Length: > 0 } || ai.OpenAI.Endpoint is { Length: > 0 })
        {
            var clientOptions = new OpenAIClientOptions
            {
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                NetworkTimeout = ai.AnswerTimeout,
                Transport = new HttpClientPipelineTransport(http.CreateClient(HttpClientName)),
            };
            if (ai.OpenAI.Endpoint is { Length: > 0 } endpoint)
                clientOptions.Endpoint = new Uri(endpoint);
            // Self-hosted OpenAI-compatible servers often take no key; the SDK still wants one.
            var openAi = new OpenAIClient(new ApiKeyCredential(ai.OpenAI.ApiKey is { Length: > 0 } key ? key : "none"), clientOptions);
            Add(AiProviders.OpenAI, ai.OpenAI.Model, openAi.GetChatClient(ai.OpenAI.Model).AsIChatClient());
        }

        void Add(string name, string model, IChatClient inner)
        {
            var circuit = new CircuitBreakerStateProvider();
            var breaker = new ResiliencePipelineBuilder { TimeProvider = time }
                .AddCircuitBreaker(new CircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = ai.BreakerFailures,
                    SamplingDuration = ai.BreakerSamplingDuration,
                    BreakDuration = ai.BreakerDuration,
                    StateProvider = circuit,
                    // A customer closing the page is not the provider's fault.
                    ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                })
                .Build();
            var client = inner.AsBuilder()
                .UseFunctionInvocation(loggers, f =>
                {
                    f.MaximumIterationsPerRequest = ai.MaxToolRounds;
                    f.MaximumConsecutiveErrorsPerRequest = 2;
                    // The model sees that a tool failed, never why (no stack traces or configuration in prompts).
                    f.IncludeDetailedErrors = false;
                })
                .Build();
            _providers[name] = new ChatProvider(name, model, client, breaker, circuit);
        }
    }

    public IReadOnlyCollection<ChatProvider> All => _providers.Values;

    public ChatProvider? Get(string? name) => name is not null && _providers.TryGetValue(name, out var p) ? p : null;

    public void Dispose()
    {
        foreach (var provider in _providers.Values)
            provider.Client.Dispose();
    }
}
