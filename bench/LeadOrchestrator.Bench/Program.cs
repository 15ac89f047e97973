// Benchmarks: programs that print figures (docs/performance.md records them), never timed tests.
//
//   dotnet run -c Release --project bench/LeadOrchestrator.Bench -- [--scenario intake|speed|dispatch|chat|booking|web|fault|signin|inbox|franchise|assistant|all]
//       [--provider sqlite|postgres|both] [--postgres "<admin connection string>"] [--seconds 10]
//       [--concurrency 32] [--rate 100]            (intake: closed loop, then a fixed rate)
//       [--speed-rates 1,20,100]                   (speed to lead: webhooks per second)
//       [--touches 100000] [--instances 2]         (dispatcher, PostgreSQL only)
//       [--streams 200] [--open-streams 1000]      (chat: concurrent SSE streams, then streams held open)
//       [--attempts 200]                           (booking: availability with 500 appointments, then a booking race)
//       [--loads 30]                               (web: cold loads of the chat page per network profile)
//       [--leads 200]                              (fault: new leads in the burst that kill -9 interrupts)
//       [--signins 40]                             (signin: timed sign-ins of each kind)
//       [--locations 200] [--users 1000] [--leads-total 1000000]  (franchise, PostgreSQL only; --requests per colleague)
//   --scenario assistant [--provider offline|anthropic|openai] [--database sqlite|postgres]
//                                              (the conversation set: pass rates, grounding errors, latency, cost)
//   --scenario checkup [--provider anthropic|openai|offline]
//                                              (the console's check-up on the demo shop, as a manager runs it; default: the shop's own assistant)
//       [--app Section:Key=value ...]              (app settings for experiments, e.g. --app Messaging:BatchSize=100)
//
// bench/run.sh starts a durable throwaway PostgreSQL and passes its connection string.
using System.Globalization;
using LeadOrchestrator.Bench;

var appSettings = new Dictionary<string, string>();
var options = ParseArgs(args);
var scenario = options["scenario"];
var providers = options["provider"] == "both" ? new[] { "sqlite", "postgres" } : [options["provider"]];
var seconds = Int("seconds");
var postgres = options.GetValueOrDefault("postgres") ?? Environment.GetEnvironmentVariable("LO_BENCH_POSTGRES");

Console.WriteLine($"# Lead Orchestrator benchmarks — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {TimeProvider.System.GetUtcNow():yyyy-MM-dd}");
Console.WriteLine($"# scenario {scenario}; app settings: {(appSettings.Count == 0 ? "defaults" : string.Join(", ", appSettings.Select(p => $"{p.Key}={p.Value}")))}");
var tables = new List<(string Header, List<string> Rows)>();

if (scenario is "intake" or "all")
{
    Console.WriteLine($"# intake: closed loop {Int("concurrency")} connections × {seconds} s; open loop {Int("rate")} req/s × {seconds} s");
    var rows = new List<string>();
    foreach (var provider in providers)
        rows.Add(await IntakeBench.RunAsync(provider, postgres, seconds, Int("concurrency"), Int("rate"), appSettings));
    tables.Add((IntakeBench.Header, rows));
}
if (scenario is "speed" or "all")
{
    var rates = options["speed-rates"].Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray();
    var rows = new List<string>();
    foreach (var provider in providers)
        rows.AddRange(await SpeedToLeadBench.RunAsync(provider, postgres, seconds, rates, appSettings));
    tables.Add((SpeedToLeadBench.Header, rows));
}
if (scenario is "dispatch" or "all")
    tables.Add((DispatchBench.Header, [await DispatchBench.RunAsync(postgres, Int("touches"), Int("instances"), appSettings)]));
if (scenario is "chat" or "all")
{
    var rows = new List<string>();
    foreach (var provider in providers)
        rows.Add(await ChatStreamBench.RunAsync(provider, postgres, seconds, Int("streams"), Int("open-streams"), appSettings));
    tables.Add((ChatStreamBench.Header, rows));
}
if (scenario is "booking" or "all")
{
    var rows = new List<string>();
    foreach (var provider in providers)
        rows.Add(await BookingBench.RunAsync(provider, postgres, seconds, Int("attempts"), appSettings));
    tables.Add((BookingBench.Header, rows));
}

if (scenario is "web" or "all")
{
    var rows = new List<string>();
    foreach (var provider in providers)
        rows.AddRange(await WebBench.RunAsync(provider, postgres, Int("loads"), appSettings));
    tables.Add((WebBench.Header, rows));
}

if (scenario is "fault" or "all")
{
    var rows = new List<string>();
    foreach (var provider in providers)
        rows.AddRange(await FaultBench.RunAsync(provider, postgres, Int("leads"), appSettings));
    tables.Add((FaultBench.Header, rows));
}

if (scenario is "signin" or "all")
{
    var rows = new List<string>();
    foreach (var provider in providers)
        rows.Add(await SignInBench.RunAsync(provider, postgres, Int("signins"), appSettings));
    tables.Add((SignInBench.Header, rows));
}

if (scenario is "inbox" or "all")
{
    var rows = new List<string>();
    foreach (var provider in providers)
        rows.Add(await InboxBench.RunAsync(provider, postgres, Int("conversations"), Int("messages"), Int("requests"), appSettings));
    tables.Add((InboxBench.Header, rows));
}

// Not in "all": it scores answers rather than timing the app. Its --provider is the assistant's
// (offline, anthropic, openai); --database sqlite|postgres is the store.
if (scenario is "assistant")
{
    var ai = options["provider"] is "sqlite" or "postgres" or "both" ? "offline" : options["provider"];
    tables.Add((AssistantBench.Header, [await AssistantBench.RunAsync(ai, options["database"], postgres, appSettings)]));
}

if (scenario is "checkup")
    tables.Add((CheckupBench.Header, [await CheckupBench.RunAsync(options["provider"] is "sqlite" or "postgres" or "both" ? null : options["provider"], appSettings)]));

// Not in "all": seeding a million leads is minutes of its own.
if (scenario is "franchise")
    tables.Add((FranchiseBench.Header, [await FranchiseBench.RunAsync(postgres, Int("locations"), Int("users"), Int("leads-total"), Int("requests"), appSettings)]));

foreach (var (header, rows) in tables)
{
    Console.WriteLine();
    Console.WriteLine(header);
    foreach (var row in rows)
        Console.WriteLine(row);
}
return 0;

int Int(string name) => int.Parse(options[name], CultureInfo.InvariantCulture);

Dictionary<string, string> ParseArgs(string[] args)
{
    var o = new Dictionary<string, string>
    {
        ["scenario"] = "all", ["provider"] = "both", ["conversations"] = "20000", ["messages"] = "4", ["requests"] = "50", ["seconds"] = "10", ["concurrency"] = "32", ["rate"] = "100",
        ["speed-rates"] = "1,20,100", ["touches"] = "100000", ["instances"] = "2", ["streams"] = "200", ["open-streams"] = "1000", ["attempts"] = "200", ["loads"] = "30", ["leads"] = "200", ["signins"] = "40",
        ["locations"] = "200", ["users"] = "1000", ["leads-total"] = "1000000", ["database"] = "sqlite",
    };
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        if (args[i] == "--app" && args[i + 1].Split('=', 2) is [var key, var value])
            appSettings[key] = value;
        else
            o[args[i].TrimStart('-')] = args[i + 1];
    }
    return o;
}
