using LeadOrchestrator.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(PostgresServer))]
