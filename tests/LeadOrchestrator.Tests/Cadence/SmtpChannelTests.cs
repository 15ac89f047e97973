using LeadOrchestrator.Cadence;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Tests.Infrastructure;

namespace LeadOrchestrator.Tests.Cadence;

/// <summary>Email over SMTP (MailKit) for self-hosters, against an SMTP server on loopback.</summary>
public sealed class SmtpChannelTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly FakeSmtpServer _smtp = new();
    private MessagingHarness H { get; set; } = null!;

    public async ValueTask InitializeAsync() => H = await MessagingHarness.StartAsync(DatabaseKind.Sqlite, postgres, new Dictionary<string, string?>
    {
        ["Messaging:EmailProvider"] = "smtp",
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "None",
    });

    public async ValueTask DisposeAsync()
    {
        await H.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task ANulFromShopMonkey_NeverReachesTheSmtpServer_AndTheStoredEmailIsWhatWasSent()
    {
        H.Intake.ShopMonkey.PutVehicle(Infrastructure.FakeShopMonkey.VehicleId, v => v["model"] = "Model\u0000S");

        var lead = await H.CreateLeadAsync();

        await H.App.EventuallyAsync(async () => await Task.FromResult(!_smtp.Messages.IsEmpty));
        Assert.True(_smtp.Messages.TryPeek(out var message));
        await H.SettledAsync(lead.Id);
        var stored = (await H.DeliveriesAsync(lead.Id)).Single(d => d.Channel == Channel.Email);
        Assert.Equal("ModelS", (await H.LeadAsync(lead.Id)).VehicleModel);
        Assert.DoesNotContain('\0', message.Data);
        var mime = await MimeKit.MimeMessage.LoadAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(message.Data)), TestContext.Current.CancellationToken);
        Assert.Equal(stored.Body.ReplaceLineEndings("\n"), mime.TextBody!.ReplaceLineEndings("\n").TrimEnd());
        foreach (var part in new[] { mime.TextBody, mime.HtmlBody })
        {
            Assert.Contains("1 Main St, Round Rock, TX 78664", part, StringComparison.Ordinal);
            Assert.Matches(@"/u/[A-Za-z0-9_-]{44}", part);
        }
        Assert.Contains($"touch:{(await H.TouchesAsync(lead.Id))[1].Id}", mime.Headers["X-LeadOrchestrator-Reference"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_GoesOutOverSmtp_WithTextHtmlAndOneClickUnsubscribe()
    {
        var lead = await H.CreateLeadAsync();

        await H.App.EventuallyAsync(async () => await Task.FromResult(!_smtp.Messages.IsEmpty));
        Assert.True(_smtp.Messages.TryPeek(out var message));
        var (from, to, data) = message;
        Assert.Equal("<hello@acme.example>", from);
        Assert.Equal("<tim.candy@example.com>", Assert.Single(to));
        Assert.Contains("multipart/alternative", data, StringComparison.Ordinal);
        Assert.Contains("text/plain", data, StringComparison.Ordinal);
        Assert.Contains("text/html", data, StringComparison.Ordinal);
        Assert.Matches(@"List-Unsubscribe:\s+<http://127\.0\.0\.1:\d+/u/[A-Za-z0-9_-]{44}>", data); // long headers may be folded
        Assert.Contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click", data, StringComparison.Ordinal);
        await H.SettledAsync(lead.Id);
        var delivery = (await H.DeliveriesAsync(lead.Id)).Single(d => d.Channel == Channel.Email);
        Assert.Equal(("smtp", DeliveryStatus.Sent), (delivery.Provider, delivery.Status));
        Assert.Contains("Message-ID:", data, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(delivery.ProviderMessageId!, data, StringComparison.Ordinal);
    }
}
