using System.Text.Json.Nodes;

namespace Gnomon.Api.Validation;

/// <summary>JSON Merge Patch (RFC 7396), the body of <c>PATCH /api/v1/jobs/{job}</c>.</summary>
internal static class JsonMergePatch
{
    /// <summary>
    /// Applies <paramref name="patch"/> to <paramref name="target"/>: members set to null are removed, objects merge
    /// recursively, anything else (arrays included) replaces. <paramref name="target"/> is modified in place when it
    /// is an object; <paramref name="patch"/> is never modified (its values are copied).
    /// </summary>
    /// <returns>The patched document (null when the patch is JSON null).</returns>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var targetObject = target as JsonObject ?? [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                targetObject.Remove(name);
            }
            else
            {
                var current = targetObject[name];
                var merged = Apply(current, value);
                if (!ReferenceEquals(merged, current))
                {
                    targetObject[name] = merged;
                }
            }
        }

        return targetObject;
    }
}
