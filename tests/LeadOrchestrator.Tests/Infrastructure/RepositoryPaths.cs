namespace LeadOrchestrator.Tests.Infrastructure;

/// <summary>Files of the repository the tests read or write (committed documents, screenshots).</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding LeadOrchestrator.slnx, found upwards from the test binaries.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LeadOrchestrator.slnx")))
            dir = dir.Parent;
        return dir?.FullName ?? AppContext.BaseDirectory;
    }
}
