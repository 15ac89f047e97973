using LeadOrchestrator.Links;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LeadOrchestrator.Tests.Messaging;

public sealed class LinkTokenTests(PostgresServer postgres) : IAsyncLifetime
{
    private TestApp _app = null!;

    public async ValueTask InitializeAsync() =>
        _app = TestApp.Start(await TestDatabase.CreateAsync(DatabaseKind.Sqlite, postgres), new FakeTimeProvider(TestApp.DefaultStart), IntakeHarness.FastRetries);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private LinkTokens Tokens => _app.Services.GetRequiredService<LinkTokens>();

    [Fact]
    public async Task Token_NamesOneLead_ForOnePurpose_Until_ItExpires()
    {
        var lead = Guid.CreateVersion7();
        var token = await Tokens.CreateAsync(lead, LinkPurpose.Chat, TestContext.Current.CancellationToken);

        Assert.Equal(44, token.Length);
        Assert.Equal(lead, await Tokens.ReadAsync(token, LinkPurpose.Chat, TestContext.Current.CancellationToken));
        Assert.Null(await Tokens.ReadAsync(token, LinkPurpose.Unsubscribe, TestContext.Current.CancellationToken));

        _app.Time.Advance(TimeSpan.FromDays(44));
        Assert.Equal(lead, await Tokens.ReadAsync(token, LinkPurpose.Chat, TestContext.Current.CancellationToken));
        _app.Time.Advance(TimeSpan.FromDays(1));
        Assert.Null(await Tokens.ReadAsync(token, LinkPurpose.Chat, TestContext.Current.CancellationToken));
        Assert.Equal((LinkState.Expired, lead), await Tokens.VerifyAsync(token, LinkPurpose.Chat, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AnyChangedBit_MakesTheTokenInvalid()
    {
        var lead = Guid.CreateVersion7();
        var bytes = WebEncoders.Base64UrlDecode(await Tokens.CreateAsync(lead, LinkPurpose.Chat, TestContext.Current.CancellationToken));

        for (var i = 0; i < bytes.Length; i++)
        {
            var altered = (byte[])bytes.Clone();
            altered[i] ^= 0x01;
            Assert.Equal(LinkState.Invalid, (await Tokens.VerifyAsync(WebEncoders.Base64UrlEncode(altered), LinkPurpose.Chat, TestContext.Current.CancellationToken)).State);
        }
        Assert.Equal(LinkState.Invalid, (await Tokens.VerifyAsync("", LinkPurpose.Chat, TestContext.Current.CancellationToken)).State);
        Assert.Equal(LinkState.Invalid, (await Tokens.VerifyAsync(new string('!', 44), LinkPurpose.Chat, TestContext.Current.CancellationToken)).State);
    }

    [Fact]
    public async Task SigningKey_IsGeneratedOnce_AndSharedThroughTheDatabase()
    {
        var token = await Tokens.CreateAsync(Guid.CreateVersion7(), LinkPurpose.Chat, TestContext.Current.CancellationToken);
        var database = _app.Database;
        await _app.DisposeAsync();
        _app = TestApp.Start(database, new FakeTimeProvider(TestApp.DefaultStart), IntakeHarness.FastRetries);

        Assert.NotNull(await Tokens.ReadAsync(token, LinkPurpose.Chat, TestContext.Current.CancellationToken)); // a new instance verifies it
    }
}
