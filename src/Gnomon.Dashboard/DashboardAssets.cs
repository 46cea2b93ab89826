using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace Gnomon.Dashboard;

/// <summary>The stylesheet and script, embedded in the assembly and served from it: the dashboard works with no internet and no files beside the binary.</summary>
internal static class DashboardAssets
{
    private static readonly Dictionary<string, (string ContentType, byte[] Body)> Files = Load();

    public static IResult Serve(string file, HttpContext context)
    {
        if (!Files.TryGetValue(file, out var asset))
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "no-cache";
        return Results.Bytes(asset.Body, asset.ContentType);
    }

    private static Dictionary<string, (string, byte[])> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var prefix = assembly.GetName().Name + ".Assets.";
        var files = new Dictionary<string, (string, byte[])>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var file = name[prefix.Length..];
            files[file] = (Path.GetExtension(file) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            }, copy.ToArray());
        }

        return files;
    }
}
