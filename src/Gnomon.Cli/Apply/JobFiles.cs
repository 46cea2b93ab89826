using System.Text.Json;
using System.Text.Json.Nodes;
using Gnomon.Client.Http;
using Gnomon.Client.Jobs;

namespace Gnomon.Cli.Apply;

/// <summary>Reads jobs from files and directories: JSON or YAML, each holding one job or a list of jobs in the shape <c>POST /api/v1/jobs</c> takes.</summary>
internal static class JobFiles
{
    private static readonly string[] Extensions = [".json", ".yaml", ".yml"];

    // What a fetched job carries besides its definition: accepted and ignored, as the API does, so that the output
    // of 'jobs get -o json' can be applied as it is.
    private static readonly string[] ReadOnlyFields = ["id", "nextFireAt", "lastExecution", "createdAt", "updatedAt", "version"];

    // A misspelt field must not be dropped without a word: the file would say one thing and the job do another.
    private static readonly JsonSerializerOptions Strict = new(GnomonJson.Options) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    /// <summary>The jobs of every file in <paramref name="paths"/> (a directory: its <c>*.json</c>, <c>*.yaml</c>, <c>*.yml</c>, in name order); any fault is a <see cref="CtlUsageException"/>.</summary>
    public static IReadOnlyList<JobFile> Read(IEnumerable<string> paths)
    {
        var jobs = new List<JobFile>();
        foreach (var file in paths.SelectMany(Expand))
        {
            jobs.AddRange(ReadFile(file));
        }

        var repeated = jobs.GroupBy(j => j.Definition.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new CtlUsageException($"the job '{repeated.Key}' is declared twice: in {string.Join(" and ", repeated.Select(j => j.Source))}");
        }

        return jobs;
    }

    private static IEnumerable<string> Expand(string path)
    {
        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path).Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
            return files.Count > 0 ? files : throw new CtlUsageException($"{path}: holds no .json, .yaml or .yml file");
        }

        return File.Exists(path) ? [path] : throw new CtlUsageException($"{path}: no such file or directory");
    }

    private static IEnumerable<JobFile> ReadFile(string file)
    {
        var text = File.ReadAllText(file);
        var documents = Path.GetExtension(file).Equals(".json", StringComparison.OrdinalIgnoreCase) ? [ParseJson(text, file)] : YamlJson.Documents(text, file);
        var nodes = documents.SelectMany(d => d switch
        {
            JsonArray list => list.AsEnumerable(),
            JsonObject one => [one],
            null => [],
            _ => throw new CtlUsageException($"{file}: must hold a job (an object) or a list of jobs"),
        }).ToList();
        if (nodes.Count == 0)
        {
            throw new CtlUsageException($"{file}: holds no job");
        }

        return nodes.Select((node, i) => ToJob(node, nodes.Count == 1 ? file : $"{file}[{i}]"));
    }

    private static JsonNode? ParseJson(string text, string file)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new CtlUsageException($"{file}: {ex.Message}");
        }
    }

    private static JobFile ToJob(JsonNode? node, string source)
    {
        if (node is not JsonObject job)
        {
            throw new CtlUsageException($"{source}: a job must be an object");
        }

        foreach (var field in ReadOnlyFields)
        {
            job.Remove(field);
        }

        foreach (var required in new[] { "name", "schedule", "executor" })
        {
            if (job[required] is null)
            {
                throw new CtlUsageException($"{source}: {required}: is required");
            }
        }

        try
        {
            var definition = job.Deserialize<JobDefinition>(Strict) ?? throw new CtlUsageException($"{source}: a job must be an object");
            return new JobFile(definition, source);
        }
        catch (JsonException ex)
        {
            // The serializer names the field by its JSON path ($.schedule.cron): say it as the API does.
            var field = ex.Path is { Length: > 2 } path ? path[2..] : "";
            throw new CtlUsageException($"{source}: {field}: {FirstSentence(ex.Message)}");
        }
    }

    private static string FirstSentence(string message) => message.Split(". Path:", 2)[0];
}
