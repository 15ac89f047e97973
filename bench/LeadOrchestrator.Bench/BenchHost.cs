using System.Diagnostics;
using System.Globalization;
using System.Net;
using LeadOrchestrator.Data;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LeadOrchestrator.Bench;

/// <summary>What every scenario shares: a fresh database, the app as its own process, and measuring it.</summary>
internal static class BenchHost
{
    public static string AppDll { get; } = typeof(BenchHost).Assembly.Location.Replace("LeadOrchestrator.Bench.dll", "LeadOrchestrator.dll", StringComparison.Ordinal);

    /// <summary>
    /// Production settings, quiet logs, no demo tenant, the built web root (the app runs from the bench's
    /// output folder, which has none); <paramref name="extra"/> (Section:Key) on top.
    /// </summary>
    public static Dictionary<string, string> Environment(string provider, string connectionString, IReadOnlyDictionary<string, string> extra)
    {
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_WEBROOT"] = WebRoot,
            // Production refuses to start with Twilio but no public address (Twilio's signatures are checked against it).
            ["App__PublicBaseUrl"] = "http://127.0.0.1",
            ["Database__Provider"] = provider,
            ["ConnectionStrings__Default"] = connectionString,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Demo__Enabled"] = "false",
        };
        foreach (var (key, value) in extra)
            env[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        return env;
    }

    public static async Task<(string ConnectionString, Func<Task> Drop)> CreateDatabaseAsync(string provider, string? postgresAdmin)
    {
        if (provider == "sqlite")
        {
            var folder = Directory.CreateTempSubdirectory("lo-bench-").FullName;
            return ($"Data Source={Path.Combine(folder, "bench.db")}", () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(folder, true);
                return Task.CompletedTask;
            });
        }
        if (string.IsNullOrEmpty(postgresAdmin))
            throw new InvalidOperationException("PostgreSQL needs --postgres or LO_BENCH_POSTGRES (bench/run.sh provides one).");
        var name = $"lo_bench_{System.Environment.ProcessId}_{System.Environment.TickCount64}";
        await using (var c = new NpgsqlConnection(postgresAdmin))
        {
            await c.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", c).ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(postgresAdmin) { Database = name }.ConnectionString;
        return (cs, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var c = new NpgsqlConnection(postgresAdmin);
            await c.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", c).ExecuteNonQueryAsync();
        });
    }

    /// <summary>The app's built static files (dotnet build puts the chat page here).</summary>
    public static string WebRoot { get; } = Path.Combine(RepositoryRoot(), "src", "LeadOrchestrator", "wwwroot");

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LeadOrchestrator.slnx")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Run the bench from the repository (bench/run.sh).");
    }

    public static AppDbContext Open(string provider, string connectionString)
    {
        if (provider == "sqlite")
        {
            var o = new DbContextOptionsBuilder<SqliteAppDbContext>();
            DataExtensions.ConfigureSqlite(o, connectionString);
            return new SqliteAppDbContext(o.Options);
        }
        var p = new DbContextOptionsBuilder<PostgresAppDbContext>();
        DataExtensions.ConfigurePostgres(p, connectionString);
        return new PostgresAppDbContext(p.Options);
    }

    /// <summary>
    /// Settings for benches that call the chat API as many customers: a known link-signing key (so the
    /// bench can mint their chat tokens) and rate limits out of the load generator's way.
    /// </summary>
    public static (Dictionary<string, string> Settings, LeadOrchestrator.Links.LinkTokens Tokens) ChatClients(IReadOnlyDictionary<string, string> extra)
    {
        var signingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var settings = new Dictionary<string, string>
        {
            ["Links:SigningKey"] = signingKey,
            ["Chat:PerLeadPerMinute"] = "100000",
            ["Chat:PerIpPerMinute"] = "1000000",
            ["Polling:Enabled"] = "false",
        };
        foreach (var (k, v) in extra)
            settings[k] = v;
        var options = Microsoft.Extensions.Options.Options.Create(new LeadOrchestrator.Links.LinkTokenOptions { SigningKey = signingKey });
        return (settings, new LeadOrchestrator.Links.LinkTokens(new LeadOrchestrator.Links.LinkKeys(null!, options), TimeProvider.System, options));
    }

    /// <summary>Each lead with its chat token, as the link in its messages carries it.</summary>
    public static async Task<List<(Guid Lead, string Token)>> ChatTokensAsync(LeadOrchestrator.Links.LinkTokens tokens, IEnumerable<Guid> leads)
    {
        var chats = new List<(Guid Lead, string Token)>();
        foreach (var lead in leads)
            chats.Add((lead, await tokens.CreateAsync(lead, LeadOrchestrator.Links.LinkPurpose.Chat, CancellationToken.None)));
        return chats;
    }

    /// <summary>The bench tenant: one location at the instant ShopMonkey, SMS allowed around the clock so the hour of the run does not matter.</summary>
    public static async Task<Tenant> SeedTenantAsync(string provider, string connectionString, string secret, Uri shopMonkey)
    {
        await using var db = Open(provider, connectionString);
        var now = TimeProvider.System.GetUtcNow();
        var tenant = new Tenant { Id = Guid.CreateVersion7(now), Slug = "bench", Name = "Bench Tint", CreatedAt = now };
        db.Tenants.Add(tenant);
        db.Locations.Add(new Location
        {
            Id = Guid.CreateVersion7(now), TenantId = tenant.Id, Name = "Bench shop", TimeZone = "America/Chicago", Address1 = "1 Main St",
            City = "Austin", State = "TX", PostalCode = "78701", Phone = "+15125550142", SmsNumber = "+15125550100",
            ShopMonkeyLocationId = InstantShopMonkey.LocationId, SmsWindowStart = TimeOnly.MinValue, SmsWindowEnd = TimeOnly.MaxValue, CreatedAt = now,
        });
        db.TenantCrmConfigs.Add(new TenantCrmConfig { TenantId = tenant.Id, ApiBaseUrl = shopMonkey.ToString(), ApiKeySealed = InstantShopMonkey.ApiKey, WebhookSecretSealed = secret, UpdatedAt = now });
        await db.SaveChangesAsync();
        return tenant;
    }

    public static async Task WaitReadyAsync(HttpClient http, Process app)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (app.HasExited)
                throw new InvalidOperationException($"The app exited with {app.ExitCode}.");
            try
            {
                if ((await http.GetAsync("health/ready")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("The app did not become ready.");
    }

    public static Process Start(string[] arguments, Dictionary<string, string> env, string tag = "app")
    {
        var info = new ProcessStartInfo("dotnet", [AppDll, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var (k, v) in env)
            info.Environment[k] = v;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line && !line.StartsWith("info", StringComparison.Ordinal)) Console.Error.WriteLine($"  {tag}| {line}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.Error.WriteLine($"  {tag}! {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task MigrateAsync(Dictionary<string, string> env)
    {
        using var process = Start(["migrate"], env);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"migrate exited with {process.ExitCode}");
    }

    /// <summary>Peak resident set (VmHWM) of a running process, in MB.</summary>
    public static double PeakRssMb(Process process)
    {
        try
        {
            var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls until <paramref name="done"/> holds; throws after <paramref name="limit"/>.</summary>
    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> done, TimeSpan limit, string what)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            if (await done())
                return watch.Elapsed;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{what} did not happen within {limit}.");
    }
}
