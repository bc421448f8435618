namespace Feed.Tests.Infrastructure;

/// <summary>The repository the tests run from: for committed files (the OpenAPI contract) and the source itself.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Feed.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Feed.sln not found above the test binaries.");
    }
}
