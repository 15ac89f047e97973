using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace LeadOrchestrator.Tests.Configuration;

/// <summary>The seed's environment names (DATABASE_URL, AI_PROVIDER=claude, TWILIO_*, …) mean the settings they meant there.</summary>
public sealed class SeedEnvironmentTests(PostgresServer postgres)
{
    private static ConfigurationManager Configuration(Dictionary<string, string?> environment, params string[] commandLine)
    {
        var configuration = new ConfigurationManager();
        // appsettings.json's defaults, which the seed's names must override.
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = "sqlite", ["ConnectionStrings:Default"] = "Data Source=data/x.db", ["Demo:Enabled"] = "false" });
        configuration.AddInMemoryCollection(environment); // as the environment provider would hold them
        configuration.AddCommandLine(commandLine);
        SeedEnvironment.Map(configuration);
        return configuration;
    }

    [Fact]
    public void TheSeedsNames_BecomeTheSettingsTheyMean()
    {
        var c = Configuration(new()
        {
            ["DATABASE_URL"] = "postgresql://lo:s%40cret@db.internal:6543/leads?sslmode=require",
            ["AI_PROVIDER"] = "claude",
            ["ANTHROPIC_API_KEY"] = "sk-ant-test",
            ["SHOPMONKEY_API_KEY"] = "sm-key",
            ["TWILIO_ACCOUNT_SID"] = "AC123",
            ["TWILIO_AUTH_TOKEN"] = "token",
            ["TWILIO_PHONE_NUMBER"] = "+15125550100",
            ["SENDGRID_API_KEY"] = "SG.key",
            ["DEMO_MODE"] = "true",
        });

        Assert.Equal("postgres", c["Database:Provider"]);
        var npgsql = new Npgsql.NpgsqlConnectionStringBuilder(c["ConnectionStrings:Default"]);
        Assert.Equal(("db.internal", 6543, "leads", "lo", "s@cret", Npgsql.SslMode.Require), (npgsql.Host, npgsql.Port, npgsql.Database, npgsql.Username, npgsql.Password, npgsql.SslMode));
        Assert.Equal(("anthropic", "sk-ant-test"), (c["AI:Provider"], c["AI:Anthropic:ApiKey"]));
        Assert.Equal("sm-key", c["Demo:ShopMonkeyApiKey"]);
        Assert.Equal(("AC123", "token", "+15125550100", "twilio"), (c["Twilio:AccountSid"], c["Twilio:AuthToken"], c["Twilio:FromNumber"], c["Messaging:SmsProvider"]));
        Assert.Equal(("SG.key", "sendgrid"), (c["SendGrid:ApiKey"], c["Messaging:EmailProvider"]));
        Assert.Equal("true", c["Demo:Enabled"]);
    }

    [Fact]
    public void ASettingGivenByItsOwnName_WinsOverTheSeedsName()
    {
        var c = Configuration(new() { ["DATABASE_URL"] = "postgres://u:p@h/d", ["AI_PROVIDER"] = "claude" }, "--Database:Provider=sqlite", "--AI:Provider=offline");

        Assert.Equal(("sqlite", "offline"), (c["Database:Provider"], c["AI:Provider"]));
    }

    [Theory]
    [InlineData("mysql://u:p@h/d")]
    [InlineData("not a url")]
    public void ADatabaseUrlThatIsNotPostgres_IsLeftAlone(string url)
    {
        var c = Configuration(new() { ["DATABASE_URL"] = url });

        Assert.Equal("sqlite", c["Database:Provider"]);
    }

    [Fact]
    public async Task TheAppItself_ReadsAiProviderClaude_AsAnthropic()
    {
        await using var app = TestApp.Start(await TestDatabase.CreateAsync(DatabaseKind.Sqlite, postgres), new FakeTimeProvider(TestApp.DefaultStart), new Dictionary<string, string?>
        {
            ["AI_PROVIDER"] = "claude",
            ["ANTHROPIC_API_KEY"] = "sk-ant-test",
            ["Polling:Enabled"] = "false",
        });

        var health = await app.Client.GetFromJsonAsync<JsonElement>("/api/health", ApiJson.Options, TestContext.Current.CancellationToken);
        var primary = health.GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("role").GetString() == "primary");
        Assert.Equal(("anthropic", true), (primary.GetProperty("name").GetString(), primary.GetProperty("configured").GetBoolean()));
    }
}
