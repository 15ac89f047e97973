using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace LeadOrchestrator.Tests.Infrastructure;

/// <summary>An open Server-Sent Events stream, read as a browser's EventSource would; the opening <c>ready</c> and keep-alive pings are skipped.</summary>
public sealed class LiveFeed : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<SseItem<string>> _items;
    private readonly CancellationTokenSource _closed;

    private LiveFeed(HttpResponseMessage response, IAsyncEnumerator<SseItem<string>> items, CancellationTokenSource closed) =>
        (_response, _items, _closed) = (response, items, closed);

    /// <summary>Every event read so far, in order.</summary>
    public List<SseItem<string>> Seen { get; } = [];

    public static async Task<LiveFeed> OpenAsync(HttpClient client, string path, string? lastEventId = null, string? bearer = null)
    {
        var closed = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
            request.Headers.Add("Last-Event-ID", lastEventId);
        if (bearer is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, closed.Token);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStreamAsync(closed.Token);
        return new LiveFeed(response, SseParser.Create(body).EnumerateAsync(closed.Token).GetAsyncEnumerator(closed.Token), closed);
    }

    /// <summary>The next event that is not a keep-alive; fails after a real deadline.</summary>
    public async Task<SseItem<string>> NextAsync(TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(15));
        await using var _ = timeout.Token.Register(_closed.Cancel);
        while (true)
        {
            try
            {
                if (!await _items.MoveNextAsync())
                    throw new InvalidOperationException("The stream ended.");
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"No event in time; seen: {string.Join(", ", Seen.Select(e => e.EventType))}");
            }
            if (_items.Current.EventType is "ping" or "ready")
                continue;
            Seen.Add(_items.Current);
            return _items.Current;
        }
    }

    /// <summary>Reads until an event of <paramref name="type"/> that <paramref name="matches"/> arrives.</summary>
    public async Task<JsonElement> NextAsync(string type, Func<JsonElement, bool>? matches = null)
    {
        while (true)
        {
            var e = await NextAsync();
            if (e.EventType != type)
                continue;
            var data = JsonDocument.Parse(e.Data).RootElement;
            if (matches is null || matches(data))
                return data;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closed.CancelAsync();
        try
        {
            await _items.DisposeAsync();
        }
        catch (OperationCanceledException)
        {
            // closing
        }
        _response.Dispose();
        _closed.Dispose();
    }
}
