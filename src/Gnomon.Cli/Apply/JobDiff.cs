using System.Text.Json;
using System.Text.Json.Nodes;
using Gnomon.Client.Http;
using Gnomon.Client.Jobs;

namespace Gnomon.Cli.Apply;

/// <summary>The fields in which two job definitions differ, by JSON path (<c>schedule.cron</c>, <c>labels.team</c>), objects compared member by member in any order.</summary>
internal static class JobDiff
{
    public static IReadOnlyList<FieldChange> Between(JobDefinition stored, JobDefinition wanted)
    {
        var changes = new List<FieldChange>();
        Compare("", JsonSerializer.SerializeToNode(stored, GnomonJson.Options), JsonSerializer.SerializeToNode(wanted, GnomonJson.Options), changes);
        return changes;
    }

    private static void Compare(string path, JsonNode? from, JsonNode? to, List<FieldChange> changes)
    {
        if (from is JsonObject a && to is JsonObject b)
        {
            foreach (var key in a.Select(p => p.Key).Union(b.Select(p => p.Key)).Order(StringComparer.Ordinal))
            {
                Compare(path.Length == 0 ? key : $"{path}.{key}", a[key], b[key], changes);
            }
        }
        else if (!JsonNode.DeepEquals(from, to))
        {
            changes.Add(new FieldChange(path, from?.ToJsonString(), to?.ToJsonString()));
        }
    }
}
