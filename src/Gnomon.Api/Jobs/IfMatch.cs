namespace Gnomon.Api.Jobs;

/// <summary>What a request's <c>If-Match</c> header asks for (RFC 9110 section 13.1.1).</summary>
/// <param name="Present">Whether the header was sent at all; without it a write is unconditional.</param>
/// <param name="Any"><c>*</c>: the job must exist, whatever its version.</param>
/// <param name="Versions">The job versions named by strong tags; weak tags and tags this API never issued name none, so they never match.</param>
internal readonly record struct IfMatch(bool Present, bool Any, IReadOnlyList<int> Versions)
{
    /// <summary>Whether a job at <paramref name="version"/> satisfies the header (true when it was not sent).</summary>
    public bool Allows(int version) => !Present || Any || Versions.Contains(version);
}
