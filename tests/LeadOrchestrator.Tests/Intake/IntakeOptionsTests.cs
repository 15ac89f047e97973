using LeadOrchestrator.Intake;
using Microsoft.Extensions.Configuration;

namespace LeadOrchestrator.Tests.Intake;

public sealed class IntakeOptionsTests
{
    [Fact]
    public void ConfiguredRetryDelays_ReplaceTheDefaults_AndTheLastOneRepeats()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Intake:RetryDelays:0"] = "00:00:07",
            ["Intake:RetryDelays:1"] = "00:03:00",
        }).Build();

        var options = configuration.GetSection(IntakeOptions.Section).Get<IntakeOptions>()!;

        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromMinutes(3)], options.RetryDelays);
        Assert.Equal(TimeSpan.FromSeconds(7), options.RetryDelay(1));
        Assert.Equal(TimeSpan.FromMinutes(3), options.RetryDelay(2));
        Assert.Equal(TimeSpan.FromMinutes(3), options.RetryDelay(50));
    }

    [Fact]
    public void DefaultRetryDelays_GrowToAnHourAndStayThere()
    {
        var options = new IntakeOptions();

        var delays = Enumerable.Range(1, 12).Select(options.RetryDelay).ToList();

        Assert.Equal(TimeSpan.FromSeconds(5), delays[0]);
        Assert.All(delays.Zip(delays.Skip(1)), p => Assert.True(p.Second >= p.First));
        Assert.Equal(TimeSpan.FromHours(1), delays[^1]);
    }
}
