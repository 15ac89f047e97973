using System.Net;
using System.Text;
using LeadOrchestrator.Intake;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace LeadOrchestrator.Tests.Intake;

/// <summary>The Standard Webhooks public test vector, and the key forms ShopMonkey may use.</summary>
public sealed class StandardWebhookSignatureTests(PostgresServer postgres)
{
    // From the Standard Webhooks reference libraries (../shared/reference/shopmonkey-api.md §3).
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorBody = """{"test": 2432232314}""";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly DateTimeOffset VectorTime = DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp);

    [Fact]
    public void PublicTestVector_Verifies()
    {
        var result = StandardWebhookSignature.Verify(VectorSecret, VectorId, "1614265330", VectorSignature, Encoding.UTF8.GetBytes(VectorBody), VectorTime);

        Assert.Equal(StandardWebhookSignature.Result.Valid, result);
        Assert.Equal(VectorSignature, StandardWebhookSignature.Sign(VectorSecret, VectorId, VectorTimestamp, Encoding.UTF8.GetBytes(VectorBody)));
    }

    [Theory]
    [InlineData(VectorId, "1614265330", """{"test": 2432232315}""", 0, StandardWebhookSignature.Result.Mismatch)] // body changed
    [InlineData("msg_other", "1614265330", VectorBody, 0, StandardWebhookSignature.Result.Mismatch)] // id changed
    [InlineData(VectorId, "1614265331", VectorBody, 0, StandardWebhookSignature.Result.Mismatch)] // timestamp changed
    [InlineData(VectorId, "1614265330", VectorBody, 301, StandardWebhookSignature.Result.StaleTimestamp)] // replayed later
    [InlineData(VectorId, "1614265330", VectorBody, -301, StandardWebhookSignature.Result.StaleTimestamp)] // from the future
    [InlineData(VectorId, "1614265330", VectorBody, 300, StandardWebhookSignature.Result.Valid)] // just inside tolerance
    public void PublicTestVector_Variants(string id, string timestamp, string body, int clockSkewSeconds, StandardWebhookSignature.Result expected)
    {
        var result = StandardWebhookSignature.Verify(VectorSecret, id, timestamp, VectorSignature, Encoding.UTF8.GetBytes(body), VectorTime.AddSeconds(clockSkewSeconds));

        Assert.Equal(expected, result);
    }

    [Fact]
    public void SecretWithoutPrefix_IsUsedAsUtf8Bytes()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        var signature = IntakeHarness.Sign("plain shared secret", "msg_1", VectorTimestamp, body);

        Assert.Equal(StandardWebhookSignature.Result.Valid,
            StandardWebhookSignature.Verify("plain shared secret", "msg_1", "1614265330", signature, body, VectorTime));
        Assert.Equal(StandardWebhookSignature.Result.Mismatch,
            StandardWebhookSignature.Verify("plain shared secreT", "msg_1", "1614265330", signature, body, VectorTime));
    }

    [Fact]
    public async Task PublicTestVector_IsAcceptedByTheEndpoint()
    {
        var time = new FakeTimeProvider(VectorTime);
        var database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite, postgres);
        await using var app = TestApp.Start(database, time, IntakeHarness.FastRetries);
        await IntakeHarness.SeedTenantAsync(app, "vector", VectorSecret, "http://127.0.0.1:9/", null);
        using var request = IntakeHarness.SignedRequest("vector", new StringContent(VectorBody, Encoding.UTF8, "application/json"), VectorId, "1614265330", VectorSignature);

        var response = await app.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
