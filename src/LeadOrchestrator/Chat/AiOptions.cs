using System.ComponentModel.DataAnnotations;

namespace LeadOrchestrator.Chat;

/// <summary>
/// Which assistant answers customers (section <c>AI</c>). The seed's environment names also work:
/// <c>AI_PROVIDER</c>, <c>AI_FALLBACK_PROVIDER</c>, <c>ANTHROPIC_API_KEY</c>, <c>OPENAI_API_KEY</c>.
/// </summary>
public sealed class AiOptions
{
    public const string Section = "AI";

    /// <summary>offline, anthropic or openai.</summary>
    [Required]
    public string Provider { get; set; } = AiProviders.Offline;

    /// <summary>Answers when the primary fails before its first token; none by default.</summary>
    public string? FallbackProvider { get; set; }

    /// <summary>
    /// Optional sticky A/B split, provider → weight (e.g. anthropic 50, openai 50). A lead keeps the
    /// arm it drew, recorded on its conversation, so the arms can be compared.
    /// </summary>
    public Dictionary<string, int> Split { get; set; } = [];

    public AnthropicSettings Anthropic { get; set; } = new();
    public OpenAISettings OpenAI { get; set; } = new();

    [Range(64, 8192)]
    public int MaxOutputTokens { get; set; } = 600;

    /// <summary>A provider that has not produced its first token by then counts as failed; the fallback answers.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan FirstTokenTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A whole answer (tool rounds included) may take this long.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Model ↔ tool round trips per answer; a model that keeps calling tools is cut off.</summary>
    [Range(1, 10)]
    public int MaxToolRounds { get; set; } = 4;

    /// <summary>
    /// The offline assistant's pause between words, so a demo's answer streams in as a model's does; none by
    /// default (tests and benchmarks want its answers at once). Real time, whatever clock the app runs on.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan OfflineTypingDelay { get; set; } = TimeSpan.Zero;

    /// <summary>How many earlier messages of the conversation the model sees.</summary>
    [Range(2, 200)]
    public int HistoryMessages { get; set; } = 30;

    /// <summary>Failures within <see cref="BreakerSamplingDuration"/> that open a provider's circuit.</summary>
    [Range(1, 100)]
    public int BreakerFailures { get; set; } = 3;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an open circuit skips the provider before one trial request.</summary>
    public TimeSpan BreakerDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>USD per million tokens by model id (prefix match, longest wins); defaults are the published prices.</summary>
    public Dictionary<string, ModelPrice> Prices { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["claude-sonnet-4-5"] = new() { Input = 3m, Output = 15m },
        ["claude-haiku-4-5"] = new() { Input = 1m, Output = 5m },
        ["claude-sonnet-5"] = new() { Input = 2m, Output = 10m },
        ["gpt-4o-mini"] = new() { Input = 0.15m, Output = 0.60m },
        ["gpt-4o"] = new() { Input = 2.50m, Output = 10m },
    };
}

public sealed class AnthropicSettings
{
    public string? ApiKey { get; set; }

    /// <summary>The seed used Claude Sonnet 4.5; check Anthropic's deprecation table before changing.</summary>
    public string Model { get; set; } = "claude-sonnet-4-5";

    /// <summary>Default https://api.anthropic.com; a proxy or a test fake otherwise.</summary>
    public string? BaseUrl { get; set; }
}

public sealed class OpenAISettings
{
    public string? ApiKey { get; set; }

    public string Model { get; set; } = "gpt-4o";

    /// <summary>Any OpenAI-compatible server: Azure OpenAI (…/openai/v1/), Ollama (http://host:11434/v1), vLLM, llama.cpp.</summary>
    public string? Endpoint { get; set; }
}

public sealed class ModelPrice
{
    public decimal Input { get; set; }
    public decimal Output { get; set; }
    public decimal CachedInput { get; set; }
}

public static class AiProviders
{
    public const string Offline = "offline";
    public const string Anthropic = "anthropic";
    public const string OpenAI = "openai";

    public static readonly string[] All = [Offline, Anthropic, OpenAI];
}
