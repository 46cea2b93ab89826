namespace Gnomon.Store.Jobs;

/// <summary>How a job write ended.</summary>
public enum JobWriteStatus
{
    Created,
    Replaced,
    NotFound,
    DuplicateName,
    VersionMismatch,
}
