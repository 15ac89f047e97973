using System.Net;

namespace LeadOrchestrator.ShopMonkey;

/// <summary>What went wrong talking to ShopMonkey, in terms the caller can act on.</summary>
public enum ShopMonkeyFailure
{
    /// <summary>401/403: the API key is missing, wrong or lacks permission. Retrying won't help until someone fixes it.</summary>
    Unauthorized,

    /// <summary>429: slow down; <see cref="ShopMonkeyApiException.RetryAfter"/> says for how long when the API said so.</summary>
    RateLimited,

    /// <summary>5xx, timeouts, connection errors: try again later.</summary>
    Unavailable,

    /// <summary>400/404/409/422 and envelopes with <c>success:false</c>: the request itself was refused.</summary>
    Rejected,
}

public sealed class ShopMonkeyApiException : Exception
{
    public ShopMonkeyApiException(ShopMonkeyFailure failure, HttpStatusCode? status, string message, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        StatusCode = status;
        RetryAfter = retryAfter;
    }

    public ShopMonkeyApiException()
        : this(ShopMonkeyFailure.Unavailable, null, "ShopMonkey request failed.")
    {
    }

    public ShopMonkeyApiException(string message)
        : this(ShopMonkeyFailure.Unavailable, null, message)
    {
    }

    public ShopMonkeyApiException(string message, Exception innerException)
        : this(ShopMonkeyFailure.Unavailable, null, message, null, innerException)
    {
    }

    public ShopMonkeyFailure Failure { get; }
    public HttpStatusCode? StatusCode { get; }
    public TimeSpan? RetryAfter { get; }
}
