using System.Diagnostics;
using System.IO.Compression;

namespace Gnomon.Client.Tests;

public sealed class PackageTests
{
    [Fact]
    public async Task Pack_BuiltClient_GivesAPackageWithReadmeAndXmlDocs()
    {
        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testDirectory.Parent!.Name;
        var root = testDirectory;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Gnomon.slnx")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var output = Directory.CreateTempSubdirectory("gnomon-pack-").FullName;
        var pack = new ProcessStartInfo("dotnet", ["pack", Path.Combine(root.FullName, "src", "Gnomon.Client", "Gnomon.Client.csproj"), "-c", configuration, "--no-build", "-o", output, "-nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(pack)!;
        var log = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, log);
        var package = Assert.Single(Directory.GetFiles(output, "Gnomon.Client.*.nupkg"));
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("README.md", entries);
        Assert.Contains("lib/net10.0/Gnomon.Client.dll", entries);
        Assert.Contains("lib/net10.0/Gnomon.Client.xml", entries);
        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        Assert.Contains("<readme>README.md</readme>", await nuspec.ReadToEndAsync(), StringComparison.Ordinal);
        Directory.Delete(output, recursive: true);
    }
}
