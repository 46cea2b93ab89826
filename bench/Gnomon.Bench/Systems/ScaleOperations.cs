namespace Gnomon.Bench.Systems;

/// <summary>The calls a system driven through its .NET API makes in the scale scenario (see <see cref="InProcessScale"/>).</summary>
/// <param name="CreateJob">Creates job <c>i</c> with the schedule <see cref="ScaleMix.Of"/>(<c>i</c>), running the recording job.</param>
/// <param name="ReadJob">Reads job <c>i</c> by its key.</param>
/// <param name="ListPage">Lists the first page of 50 jobs.</param>
/// <param name="Meaning">What get and list are for this system, for the table's note.</param>
internal sealed record ScaleOperations(
    Func<int, CancellationToken, Task> CreateJob,
    Func<int, CancellationToken, Task> ReadJob,
    Func<CancellationToken, Task> ListPage,
    string Meaning);
