using System.Net;
using LeadOrchestrator.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LeadOrchestrator.Tests.Infrastructure;

/// <summary>
/// The real app on real Kestrel (127.0.0.1, a free port) with its own database, a fake clock and
/// test settings. Everything a test checks goes through HTTP or the database.
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    /// <summary>A weekday afternoon in the demo shop's zone; tests move the clock from here.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 24, 16, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string?> _settings;

    /// <summary>A setting the app never reads: the test host's environment name.</summary>
    public const string EnvironmentSetting = "Test:Environment";

    private readonly Action<IServiceCollection>? _services;

    private TestApp(TestDatabase database, FakeTimeProvider time, IEnumerable<KeyValuePair<string, string?>> settings, Action<IServiceCollection>? services)
    {
        Database = database;
        Time = time;
        _services = services;
        _settings = new Dictionary<string, string?>(database.Settings);
        _settings["Logging:LogLevel:Default"] = "Warning";
        _settings["Logging:LogLevel:LeadOrchestrator"] = "Warning";
        foreach (var (key, value) in settings)
            _settings[key] = value;
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public TestDatabase Database { get; }
    public FakeTimeProvider Time { get; }

    /// <summary>The settings this instance was started with (to start a twin).</summary>
    public IReadOnlyDictionary<string, string?> Settings => _settings;

    /// <summary>Warnings and errors the app logged, for tests of what operators are told.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Logs { get; } = new();
    public HttpClient Client { get; private set; } = null!;

    /// <param name="services">Replacements a test needs on top (a counting password hasher, say).</param>
    public static TestApp Start(TestDatabase database, FakeTimeProvider time, IEnumerable<KeyValuePair<string, string?>>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var app = new TestApp(database, time, settings ?? [], services);
        app.StartServer();
        app.Client = app.CreateClient();
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // "Testing" unless a test asks for another (the run command's Development, say) through this pseudo-setting.
        builder.UseEnvironment(_settings.GetValueOrDefault(EnvironmentSetting) ?? "Testing");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(Logs));
            _services?.Invoke(services);
        });
    }

    /// <summary>A tenant secret sealed as the app stores it (its own key ring).</summary>
    public string Seal(string plain) => Services.GetRequiredService<LeadOrchestrator.Tenants.SecretBox>().Seal(plain);

    /// <summary>A stored tenant secret opened.</summary>
    public string? Open(string? stored) => Services.GetRequiredService<LeadOrchestrator.Tenants.SecretBox>().Open(stored);

    /// <summary>Runs <paramref name="work"/> against the app's database in a fresh scope (no tenant set).</summary>
    public async Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async Task DbAsync(Func<AppDbContext, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>
    /// Polls <paramref name="probe"/> until it returns a value, moving the fake clock by
    /// <paramref name="advance"/> between tries (background loops wake on it). Fails after a real deadline.
    /// </summary>
    public async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, TimeSpan? advance = null, TimeSpan? deadline = null, string? because = null)
        where T : class
    {
        var until = Environment.TickCount64 + (long)(deadline ?? TimeSpan.FromSeconds(15)).TotalMilliseconds;
        while (true)
        {
            if (await probe() is { } result)
                return result;
            if (Environment.TickCount64 > until)
                throw new TimeoutException($"Condition not met in time{(because is null ? "" : ": " + because)}.");
            if (advance is { } step)
                Time.Advance(step);
            await Task.Delay(15);
        }
    }

    public Task EventuallyAsync(Func<Task<bool>> probe, TimeSpan? advance = null, TimeSpan? deadline = null, string? because = null) =>
        EventuallyAsync<object>(async () => await probe() ? new object() : null, advance, deadline, because);

    public override async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await base.DisposeAsync();
        // What the app complained about, next to the test's own output (shown when a test fails).
        foreach (var line in Logs.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).Take(20))
            TestContext.Current.TestOutputHelper?.WriteLine(line.Length > 3000 ? line[..3000] : line);
        // Each test has its own database, hence its own pool: close it, or idle connections pile up.
        if (Database.Kind == DatabaseKind.Postgres)
        {
            await using var connection = new Npgsql.NpgsqlConnection(Database.ConnectionString);
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }
    }

    private sealed class CapturingLoggerProvider(System.Collections.Concurrent.ConcurrentQueue<string> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, logs);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                    logs.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
            }
        }
    }
}
