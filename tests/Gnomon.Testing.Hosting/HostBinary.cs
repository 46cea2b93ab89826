namespace Gnomon.Testing.Hosting;

/// <summary>Finds the built <c>gnomon.dll</c> of <c>src/Gnomon.Host</c>, in the configuration the calling tests were built in.</summary>
public static class HostBinary
{
    private static readonly Lazy<string> s_path = new(Locate);

    /// <summary>The full path of <c>gnomon.dll</c>; run it with <c>dotnet</c> so no apphost is needed.</summary>
    public static string Path => s_path.Value;

    private static string Locate()
    {
        // The test assembly sits in tests/<project>/bin/<Configuration>/<tfm>/.
        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var framework = testDirectory.Name;
        var configuration = testDirectory.Parent?.Name
            ?? throw new InvalidOperationException($"cannot tell the build configuration from {testDirectory.FullName}");
        var root = testDirectory;
        while (root is not null && !File.Exists(System.IO.Path.Combine(root.FullName, "Gnomon.slnx")))
        {
            root = root.Parent;
        }

        var candidates = new List<string>();
        if (root is not null)
        {
            candidates.Add(System.IO.Path.Combine(root.FullName, "src", "Gnomon.Host", "bin", configuration, framework, "gnomon.dll"));
        }

        // The project reference also copies the host beside the tests; the host's own folder is preferred because it
        // carries the host's runtimeconfig and deps files untouched.
        candidates.Add(System.IO.Path.Combine(testDirectory.FullName, "gnomon.dll"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("gnomon.dll was not built; looked in: " + string.Join(", ", candidates));
    }
}
