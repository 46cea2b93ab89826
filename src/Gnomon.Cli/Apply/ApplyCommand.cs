using System.CommandLine;
using System.Globalization;
using Gnomon.Cli.Output;

namespace Gnomon.Cli.Apply;

/// <summary><c>gnomon ctl apply -f FILE|DIR [--dry-run] [--prune]</c>: jobs declared in files, created or replaced by name.</summary>
internal static class ApplyCommand
{
    public static Command Build()
    {
        var files = new Option<string[]>("--file", "-f")
        {
            Description = "a JSON or YAML file of one job or a list of jobs, or a directory of them (repeatable)",
            HelpName = "path",
            Required = true,
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "print what would change, field by field, and change nothing" };
        var prune = new Option<bool>("--prune") { Description = $"also delete the jobs apply made before ({JobApplier.ManagedByKey}={JobApplier.ManagedByValue}) that no file names now" };
        var command = new Command("apply", "creates or replaces the jobs the files declare, by name; a second apply of the same files changes nothing") { files, dryRun, prune };
        CtlAction.Set(command, async (session, result, ct) =>
        {
            var jobs = JobFiles.Read(result.GetValue(files)!);
            var dry = result.GetValue(dryRun);
            var steps = await new JobApplier(session.Client).ApplyAsync(jobs, result.GetValue(prune), dry, ct);
            await PrintAsync(steps, dry, session.Printer);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task PrintAsync(IReadOnlyList<ApplyStep> steps, bool dryRun, Printer printer)
    {
        if (printer.IsJson)
        {
            await printer.JsonAsync(new { dryRun, jobs = steps.Select(s => new { name = s.Name, action = Describe.Name(s.Action), changes = s.Changes, source = s.Source }) });
            return;
        }

        var suffix = dryRun ? " (dry run)" : "";
        foreach (var step in steps)
        {
            await printer.LineAsync($"job {step.Name} {Describe.Name(step.Action).ToLowerInvariant()}{suffix}");
            foreach (var change in step.Changes)
            {
                await printer.LineAsync($"  {change.Field}: {change.From ?? "(none)"} → {change.To ?? "(none)"}");
            }
        }

        var counts = steps.GroupBy(s => s.Action).ToDictionary(g => g.Key, g => g.Count());
        if (counts.Keys.All(a => a == ApplyAction.Unchanged))
        {
            await printer.LineAsync(string.Create(CultureInfo.InvariantCulture, $"nothing to change: {steps.Count} {(steps.Count == 1 ? "job" : "jobs")} as the files say{suffix}"));
            return;
        }

        var summary = Enum.GetValues<ApplyAction>().Where(counts.ContainsKey).Select(a => string.Create(CultureInfo.InvariantCulture, $"{counts[a]} {Describe.Name(a).ToLowerInvariant()}"));
        await printer.LineAsync(string.Join(", ", summary) + suffix);
    }
}
