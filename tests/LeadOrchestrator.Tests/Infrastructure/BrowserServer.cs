using Microsoft.Playwright;

namespace LeadOrchestrator.Tests.Infrastructure;

/// <summary>
/// One headless Chromium for the whole run, started on first use: Debian's <c>chromium</c> package
/// (./test.sh installs it), driven by Playwright. Playwright's own browser download is not used (and is
/// not reachable here). Each test opens its own browser context, so cookies and storage never leak.
/// </summary>
public sealed class BrowserServer : IAsyncLifetime
{
    public const string ExecutableVariable = "LO_CHROMIUM";

    /// <summary>Chromium's background services would try the internet at every start; this machine has none.</summary>
    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string Executable => Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async Task<IBrowser> GetAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_browser is { IsConnected: true })
                return _browser;
            if (!File.Exists(Executable))
                throw new InvalidOperationException($"Browser tests need Chromium at {Executable} ({ExecutableVariable}); ./test.sh installs Debian's chromium package.");
            _playwright ??= await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Executable, Headless = true, Args = Flags });
            return _browser;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A phone-sized context (360 × 740 CSS px unless told, touch) in the given colour scheme.</summary>
    public async Task<IBrowserContext> PhoneAsync(ColorScheme scheme = ColorScheme.Light, int width = 360, int height = 740) =>
        await (await GetAsync()).NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
            ColorScheme = scheme,
            Locale = "en-US",
        });

    /// <summary>Where screenshots of the key screens go: <c>artifacts/browser/</c> at the repository's root (not committed).</summary>
    public static string ArtifactPath(string name)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "artifacts", "browser");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        _gate.Dispose();
    }
}
