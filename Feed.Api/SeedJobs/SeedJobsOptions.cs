namespace Feed.Api.SeedJobs;

/// <summary>
/// The <c>SeedJobs</c> configuration section: whether seed jobs run over HTTP on this deployment,
/// and whether a job may delete what is there. Read on every request, so a change of configuration
/// needs no restart.
/// </summary>
public sealed class SeedJobsOptions
{
    public const string Section = "SeedJobs";

    /// <summary>
    /// Off unless set: an admin token alone must not be able to replace a real feed. On in
    /// Development (appsettings.Development.json) and where a QA deployment sets it.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// In Production a job's <c>reset</c> and <c>force</c> (which delete every account and item) are
    /// refused even with <see cref="Enabled"/>, unless this is set too.
    /// </summary>
    public bool AllowResetInProduction { get; set; }
}
