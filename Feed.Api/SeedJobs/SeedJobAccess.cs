using System.Security.Claims;
using Feed.Api.Data;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Feed.Api.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Feed.Api.SeedJobs;

/// <summary>
/// Who may use seed jobs, asked by every seed-job request, reads included: the switch
/// (<see cref="SeedJobsOptions.Enabled"/>), then the caller as the database has them now — an
/// admin whose token's stamp is still theirs. A token keeps its role claim after its user was
/// demoted or deleted; the database does not.
/// </summary>
public sealed class SeedJobAccess(IOptionsMonitor<SeedJobsOptions> options, IHostEnvironment environment)
{
    public const string Off =
        "Seed jobs are off on this deployment: they can replace the whole feed. Set SeedJobs:Enabled=true " +
        "(SeedJobs__Enabled=true) where QA may seed; it is on in Development.";

    public const string AdminsOnly =
        "Seed jobs are for admins, as the database has them now: sign in as one (create-user NAME PASSWORD --admin).";

    /// <summary>The admin calling, or the 403 that says why not.</summary>
    public async Task<(SeedJobAdmin? Admin, ForbiddenProblem? Refused)> CheckAsync(
        HttpContext http, FeedDbContext db, CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.Enabled)
        {
            return (null, new ForbiddenProblem(Off));
        }

        var id = http.User.FeedUserId();
        var stamp = http.User.FindFirstValue(Tokens.StampClaim);
        var admin = id is null || stamp is null ? null : await db.Users.AsNoTracking()
            .Where(u => u.Id == id && u.IsAdmin && u.SecurityStamp == stamp)
            .Select(u => new SeedJobAdmin(u.Id, u.Name))
            .SingleOrDefaultAsync(cancellationToken);
        return admin is null ? (null, new ForbiddenProblem(AdminsOnly)) : (admin, null);
    }

    /// <summary>
    /// A 403 for a job that would delete (<c>reset</c>, <c>force</c>) in Production, unless
    /// <see cref="SeedJobsOptions.AllowResetInProduction"/>; null when it may run.
    /// </summary>
    public ForbiddenProblem? RefuseDeleting(SeedJobRequest request) =>
        (request.Reset || request.Force) && environment.IsProduction() && !options.CurrentValue.AllowResetInProduction
            ? new ForbiddenProblem(
                "reset and force delete every account and item, and are refused over HTTP in Production. " +
                "Set SeedJobs:AllowResetInProduction=true as well (SeedJobs__AllowResetInProduction=true) on a QA deployment " +
                "whose data may go, or seed without them.")
            : null;
}
