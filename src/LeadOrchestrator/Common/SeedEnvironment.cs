using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Npgsql;

namespace LeadOrchestrator.Common;

/// <summary>
/// The environment names the project's seed (and most hosts) use, mapped to the settings they mean, so a
/// team coming from the seed's <c>.env</c> files can keep them. They win over <c>appsettings.json</c>; a
/// setting given under its own name (<c>Database__Provider</c>, <c>--AI:Provider=…</c>) wins over them.
/// </summary>
public static class SeedEnvironment
{
    public static void Map(IConfigurationManager configuration)
    {
        var mapped = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        void Set(string key, string? value)
        {
            if (value is { Length: > 0 } && !GivenExplicitly(configuration, key))
                mapped[key] = value;
        }

        if (configuration["DATABASE_URL"] is { Length: > 0 } url && PostgresConnectionString(url) is { } connectionString)
        {
            Set("Database:Provider", "postgres");
            Set("ConnectionStrings:Default", connectionString);
        }
        Set("AI:Provider", configuration["AI_PROVIDER"] is { } provider && provider.Equals("claude", StringComparison.OrdinalIgnoreCase) ? "anthropic" : configuration["AI_PROVIDER"]);
        Set("AI:FallbackProvider", configuration["AI_FALLBACK_PROVIDER"] is { } fallback && fallback.Equals("claude", StringComparison.OrdinalIgnoreCase) ? "anthropic" : configuration["AI_FALLBACK_PROVIDER"]);
        Set("AI:Anthropic:ApiKey", configuration["ANTHROPIC_API_KEY"]);
        Set("AI:OpenAI:ApiKey", configuration["OPENAI_API_KEY"]);
        Set("Demo:ShopMonkeyApiKey", configuration["SHOPMONKEY_API_KEY"]);
        Set("Twilio:AccountSid", configuration["TWILIO_ACCOUNT_SID"]);
        Set("Twilio:AuthToken", configuration["TWILIO_AUTH_TOKEN"]);
        Set("Twilio:FromNumber", configuration["TWILIO_PHONE_NUMBER"]);
        // Credentials in the seed meant "send through them".
        if (configuration["TWILIO_ACCOUNT_SID"] is { Length: > 0 } && configuration["TWILIO_AUTH_TOKEN"] is { Length: > 0 })
            Set("Messaging:SmsProvider", "twilio");
        Set("SendGrid:ApiKey", configuration["SENDGRID_API_KEY"]);
        if (configuration["SENDGRID_API_KEY"] is { Length: > 0 })
            Set("Messaging:EmailProvider", "sendgrid");
        if (configuration["DEMO_MODE"] is { Length: > 0 } demo)
            Set("Demo:Enabled", demo.Trim().ToLowerInvariant() is "1" or "true" or "yes" or "on" ? "true" : "false");
        if (mapped.Count > 0)
            configuration.AddInMemoryCollection(mapped);
    }

    /// <summary>
    /// <c>postgresql://user:password@host:5432/db?sslmode=require</c> (the form the seed and most hosts use)
    /// as an Npgsql connection string; null when it is not such a URL.
    /// </summary>
    public static string? PostgresConnectionString(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql") || uri.Host.Length == 0)
            return null;
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : null,
        };
        if (uri.UserInfo.Split(':', 2) is [var user, ..] && user.Length > 0)
            builder.Username = Uri.UnescapeDataString(user);
        if (uri.UserInfo.Split(':', 2) is [_, var password])
            builder.Password = Uri.UnescapeDataString(password);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            if (pair.Split('=', 2) is ["sslmode", var mode] && Enum.TryParse<SslMode>(mode.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var ssl))
                builder.SslMode = ssl;
        return builder.ConnectionString;
    }

    /// <summary>Set by its own name in the environment or on the command line (not merely a default in appsettings.json).</summary>
    private static bool GivenExplicitly(IConfigurationManager configuration, string key) =>
        ((IConfigurationRoot)configuration).Providers
            .Where(p => p is EnvironmentVariablesConfigurationProvider or CommandLineConfigurationProvider)
            .Any(p => p.TryGet(key, out var value) && !string.IsNullOrEmpty(value));
}
