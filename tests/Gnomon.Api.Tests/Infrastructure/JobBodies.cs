using System.Text.Json.Nodes;

namespace Gnomon.Api.Tests.Infrastructure;

/// <summary>Valid job bodies to start from; tests change the fields they are about.</summary>
public static class JobBodies
{
    /// <summary>A cron that fires once a year, so a job only runs when triggered.</summary>
    public const string RarelyCron = "0 0 0 1 1 *";

    public static JsonObject Handler(string name, string handler = "noop", string cron = RarelyCron, JsonNode? payload = null)
    {
        var job = new JsonObject
        {
            ["name"] = name,
            ["schedule"] = new JsonObject { ["cron"] = cron },
            ["executor"] = new JsonObject { ["type"] = "handler", ["handler"] = handler },
        };
        if (payload is not null)
        {
            job["payload"] = payload;
        }

        return job;
    }

    public static JsonObject Sleep(string name, int milliseconds, string cron = RarelyCron) =>
        Handler(name, "sleep", cron, new JsonObject { ["milliseconds"] = milliseconds });

    public static JsonObject Http(string name, Uri url, string cron = RarelyCron) => new()
    {
        ["name"] = name,
        ["schedule"] = new JsonObject { ["cron"] = cron },
        ["executor"] = new JsonObject { ["type"] = "http", ["url"] = url.ToString(), ["method"] = "POST" },
    };
}
