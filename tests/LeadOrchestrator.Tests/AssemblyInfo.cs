using LeadOrchestrator.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(PostgresServer))]
[assembly: AssemblyFixture(typeof(BrowserServer))]
