using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Polly.Timeout;

namespace LeadOrchestrator.ShopMonkey;

/// <summary>
/// One tenant's view of the ShopMonkey v3 API. Created per use by <see cref="ShopMonkeyClientFactory"/>;
/// the HttpClient underneath is pooled and carries the resilience pipeline.
/// </summary>
public sealed class ShopMonkeyClient(HttpClient http, Uri baseAddress, string? apiKey, int maxPages)
{
    /// <summary>ShopMonkey silently clamps larger limits to 100.</summary>
    public const int PageSize = 100;

    public Uri BaseAddress { get; } = baseAddress;

    public Task<SmOrder?> GetOrderAsync(string orderId, CancellationToken ct) =>
        GetOrNullAsync<SmOrder>($"v3/order/{Uri.EscapeDataString(orderId)}", ct);

    public Task<SmCustomer?> GetCustomerAsync(string customerId, CancellationToken ct) =>
        GetOrNullAsync<SmCustomer>($"v3/customer/{Uri.EscapeDataString(customerId)}", ct);

    public Task<SmVehicle?> GetVehicleAsync(string vehicleId, CancellationToken ct) =>
        GetOrNullAsync<SmVehicle>($"v3/vehicle/{Uri.EscapeDataString(vehicleId)}", ct);

    /// <summary>
    /// A customer's vehicles through the customer route. Never filter <c>/v3/vehicle</c> by customerId:
    /// the column does not exist, the filter is silently dropped and you get someone else's car.
    /// Intake does not need it (an order names its vehicle); it is kept, tested, as the one safe way for the
    /// console's onboarding and lead views to list a customer's other cars.
    /// </summary>
    public IAsyncEnumerable<SmVehicle> ListCustomerVehiclesAsync(string customerId, CancellationToken ct) =>
        ListAsync<SmVehicle>($"v3/customer/{Uri.EscapeDataString(customerId)}/vehicle", where: null, orderBy: """{"id":"asc"}""", ct);

    /// <summary>
    /// Orders changed at or after <paramref name="since"/>, oldest change first. Lowercase <c>orderby</c>
    /// with a JSON object and Prisma-style <c>gte</c> are the forms the API honours; the others are
    /// silently ignored and produce unstable pages.
    /// </summary>
    public IAsyncEnumerable<SmOrder> ListOrdersUpdatedSinceAsync(DateTimeOffset since, CancellationToken ct)
    {
        var where = JsonSerializer.Serialize(new { updatedDate = new { gte = FormatUtc(since) } });
        return ListAsync<SmOrder>("v3/order", where, """{"updatedDate":"asc"}""", ct);
    }

    public IAsyncEnumerable<SmCannedService> ListCannedServicesAsync(CancellationToken ct) =>
        ListAsync<SmCannedService>("v3/canned_service", where: null, orderBy: """{"id":"asc"}""", ct);

    public IAsyncEnumerable<SmLocation> ListLocationsAsync(CancellationToken ct) =>
        ListAsync<SmLocation>("v3/location", where: null, orderBy: """{"id":"asc"}""", ct);

    /// <summary>The account's webhooks (<c>GET /v3/webhook</c>): ours is found by its URL.</summary>
    public IAsyncEnumerable<SmWebhook> ListWebhooksAsync(CancellationToken ct) =>
        ListAsync<SmWebhook>("v3/webhook", where: null, orderBy: """{"id":"asc"}""", ct);

    /// <summary><c>POST /v3/webhook</c>: our URL, the order triggers and the secret ShopMonkey signs deliveries with.</summary>
    public async Task<SmWebhook> CreateWebhookAsync(SmWebhookChange webhook, CancellationToken ct)
    {
        using var request = NewRequest(HttpMethod.Post, "v3/webhook");
        request.Content = JsonContent.Create(webhook, options: ShopMonkeyJson.Options);
        var envelope = await SendAsync<SmWebhook>(request, ct);
        return envelope.Data ?? throw new ShopMonkeyApiException(ShopMonkeyFailure.Rejected, HttpStatusCode.OK, "ShopMonkey accepted the webhook but returned no data.");
    }

    /// <summary><c>PUT /v3/webhook/{id}</c>: re-enables one ShopMonkey put in an error state, or sets its URL, triggers and secret again.</summary>
    public async Task<SmWebhook?> UpdateWebhookAsync(string id, SmWebhookChange changes, CancellationToken ct)
    {
        using var request = NewRequest(HttpMethod.Put, $"v3/webhook/{Uri.EscapeDataString(id)}");
        request.Content = JsonContent.Create(changes, options: ShopMonkeyJson.Options);
        try
        {
            return (await SendAsync<SmWebhook>(request, ct)).Data;
        }
        catch (ShopMonkeyApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Creates an appointment. ShopMonkey has no idempotency key and this call is not retried here:
    /// after a lost response, look for the appointment with <see cref="SearchAppointmentsAsync"/> first.
    /// </summary>
    public async Task<SmAppointment> CreateAppointmentAsync(SmCreateAppointment appointment, CancellationToken ct)
    {
        using var request = NewRequest(HttpMethod.Post, "v3/appointment");
        request.Content = JsonContent.Create(appointment, options: ShopMonkeyJson.Options);
        var envelope = await SendAsync<SmAppointment>(request, ct);
        return envelope.Data ?? throw new ShopMonkeyApiException(ShopMonkeyFailure.Rejected, HttpStatusCode.OK, "ShopMonkey accepted the appointment but returned no data.");
    }

    /// <summary><c>POST /v3/appointment/search</c> over a start-date window, optionally for one customer.</summary>
    public async Task<IReadOnlyList<SmAppointment>> SearchAppointmentsAsync(DateTimeOffset from, DateTimeOffset to, string? customerId, CancellationToken ct)
    {
        var results = new List<SmAppointment>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 0; page < maxPages; page++)
        {
            var where = new Dictionary<string, object> { ["startDate"] = new { gte = FormatUtc(from), lt = FormatUtc(to) } };
            if (customerId is not null)
                where["customerId"] = customerId;
            using var request = NewRequest(HttpMethod.Post, "v3/appointment/search");
            request.Content = JsonContent.Create(
                new { where, orderBy = new { startDate = "asc" }, limit = PageSize, skip = page * PageSize },
                options: ShopMonkeyJson.Options);
            var envelope = await SendAsync<List<SmAppointment>>(request, ct);
            var rows = envelope.Data ?? [];
            results.AddRange(rows.Where(r => seen.Add(r.Id)));
            if (rows.Count < PageSize || envelope.Meta?.HasMore == false)
                break;
        }
        return results;
    }

    /// <summary><c>PUT /v3/appointment/{id}</c> (PUT, not PATCH): moves or renames an appointment.</summary>
    public async Task<SmAppointment?> UpdateAppointmentAsync(string id, SmUpdateAppointment changes, CancellationToken ct)
    {
        using var request = NewRequest(HttpMethod.Put, $"v3/appointment/{Uri.EscapeDataString(id)}");
        request.Content = JsonContent.Create(changes, options: ShopMonkeyJson.Options);
        try
        {
            return (await SendAsync<SmAppointment>(request, ct)).Data;
        }
        catch (ShopMonkeyApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// <c>DELETE /v3/appointment/{id}</c> with a <c>{}</c> body: the API rejects an empty body sent as JSON.
    /// False when it was already gone.
    /// </summary>
    public async Task<bool> DeleteAppointmentAsync(string id, CancellationToken ct)
    {
        using var request = NewRequest(HttpMethod.Delete, $"v3/appointment/{Uri.EscapeDataString(id)}");
        request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        try
        {
            await SendAsync<JsonElement>(request, ct);
            return true;
        }
        catch (ShopMonkeyApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public IAsyncEnumerable<SmUser> ListUsersAsync(CancellationToken ct) =>
        ListAsync<SmUser>("v3/user", where: null, orderBy: """{"id":"asc"}""", ct);

    /// <summary>
    /// Everything on the shop's calendar between two instants, recurring blocks included, through the
    /// undocumented <c>POST /v3/appointment/search_replacement</c> — list and search leave recurring
    /// appointments out. It wants local times with the zone's offset and the technicians' ids (plus
    /// unassigned ones); its pages overlap and its total over-counts, so rows are de-duplicated by id and
    /// start, and paging stops at a short page or one that adds nothing new.
    /// </summary>
    public async Task<IReadOnlyList<SmAppointment>> SearchCalendarAsync(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone,
        IReadOnlyList<string> technicianIds, CancellationToken ct)
    {
        var results = new List<SmAppointment>();
        var seen = new HashSet<(string, DateTimeOffset?)>();
        for (var page = 0; page < maxPages; page++)
        {
            using var request = NewRequest(HttpMethod.Post, "v3/appointment/search_replacement");
            request.Content = JsonContent.Create(new
            {
                dateMin = FormatWithOffset(from, zone),
                dateMax = FormatWithOffset(to, zone),
                technicians = technicianIds,
                includeUnassigned = true,
                orderBy = new { startDate = "asc" },
                limit = PageSize,
                skip = page * PageSize,
            }, options: ShopMonkeyJson.Options);
            var rows = (await SendAsync<List<SmAppointment>>(request, ct)).Data ?? [];
            var added = 0;
            foreach (var row in rows.Where(r => seen.Add((r.Id, r.StartDate))))
            {
                results.Add(row);
                added++;
            }
            if (rows.Count < PageSize || added == 0)
                break;
        }
        return results;
    }

    private async Task<T?> GetOrNullAsync<T>(string path, CancellationToken ct) where T : class
    {
        using var request = NewRequest(HttpMethod.Get, path);
        try
        {
            return (await SendAsync<T>(request, ct)).Data;
        }
        catch (ShopMonkeyApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Walks <c>limit=100&amp;skip=N</c> pages until <c>hasMore</c> is false or a page is short; de-duplicates by id.</summary>
    private async IAsyncEnumerable<T> ListAsync<T>(string path, string? where, string orderBy, [EnumeratorCancellation] CancellationToken ct)
        where T : ISmEntity
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 0; page < maxPages; page++)
        {
            var query = $"{path}?limit={PageSize}&skip={(page * PageSize).ToString(CultureInfo.InvariantCulture)}&orderby={Uri.EscapeDataString(orderBy)}";
            if (where is not null)
                query += $"&where={Uri.EscapeDataString(where)}";
            using var request = NewRequest(HttpMethod.Get, query);
            var envelope = await SendAsync<List<T>>(request, ct);
            var rows = envelope.Data ?? [];
            foreach (var row in rows)
            {
                if (seen.Add(row.Id))
                    yield return row;
            }
            if (rows.Count < PageSize || envelope.Meta?.HasMore == false)
                yield break;
        }
    }

    private HttpRequestMessage NewRequest(HttpMethod method, string relative)
    {
        var request = new HttpRequestMessage(method, new Uri(BaseAddress, relative));
        if (!string.IsNullOrEmpty(apiKey))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private async Task<SmEnvelope<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new ShopMonkeyApiException(ShopMonkeyFailure.Unavailable, null, $"ShopMonkey did not answer {request.Method} {request.RequestUri?.AbsolutePath}: {e.Message}", null, e);
        }

        using (response)
        {
            SmEnvelope<T>? envelope = null;
            try
            {
                envelope = await response.Content.ReadFromJsonAsync<SmEnvelope<T>>(ShopMonkeyJson.Options, ct);
            }
            catch (JsonException) when (!response.IsSuccessStatusCode)
            {
                // Error pages (a proxy's HTML, a WAF block) are reported by status code below.
            }
            catch (JsonException e)
            {
                throw new ShopMonkeyApiException(ShopMonkeyFailure.Unavailable, response.StatusCode, $"ShopMonkey sent a response we could not read: {e.Message}", null, e);
            }

            if (response.IsSuccessStatusCode && envelope is { Success: true })
                return envelope;

            var status = response.StatusCode;
            var detail = envelope?.Message ?? response.ReasonPhrase ?? "no message";
            var failure = (int)status switch
            {
                401 or 403 => ShopMonkeyFailure.Unauthorized,
                429 => ShopMonkeyFailure.RateLimited,
                408 or >= 500 => ShopMonkeyFailure.Unavailable,
                _ => ShopMonkeyFailure.Rejected,
            };
            throw new ShopMonkeyApiException(failure, status,
                $"ShopMonkey answered {(int)status} to {request.Method} {request.RequestUri?.AbsolutePath}: {detail}",
                RetryAfterOf(response));
        }
    }

    internal static TimeSpan? RetryAfterOf(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } when response.Headers.Date is { } now => date - now,
            _ => null,
        };

    /// <summary>UTC with milliseconds and a Z, the form ShopMonkey's own examples use in filters.</summary>
    public static string FormatUtc(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Local time with the zone's real offset at that instant (DST-correct), e.g. 2026-08-21T09:00:00.000-05:00.</summary>
    public static string FormatWithOffset(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
    }
}
