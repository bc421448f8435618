using System.Text.Json;
using Feed.Api.Data;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Problems;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.SeedJobs;

/// <summary>
/// Seeding from a browser: <c>POST /admin/seed-jobs</c> answers 202 at once, <c>GET</c> tells how far
/// it got (or lists the jobs), <c>DELETE</c> cancels (nothing half-written). Admins only, as the
/// database has them; off unless <c>SeedJobs:Enabled</c> (<see cref="SeedJobsOptions"/>).
/// </summary>
public static class SeedJobsApi
{
    /// <summary>What the listing's cursors are bound to.</summary>
    public const string Scope = "seed-jobs";

    private const string Refusals =
        " 403 when seed jobs are off on this deployment (`SeedJobs:Enabled`) or the caller is not an admin now " +
        "(checked in the database, not taken from the token).";

    public static IHostApplicationBuilder AddFeedSeedJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SeedJobsOptions>().BindConfiguration(SeedJobsOptions.Section);
        builder.Services.AddSingleton<SeedJobAccess>();
        builder.Services.AddSingleton<SeedJobRunner>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SeedJobRunner>());
        return builder;
    }

    public static RouteGroupBuilder MapSeedJobsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/seed-jobs").WithTags("Admin").RequireAuthorization();
        group.MapPost("", StartAsync)
            .WithName("StartSeedJob")
            .WithSummary("Seed a fake feed")
            .WithDescription(
                "Starts the seed verb's work in the background with these options and answers 202 with the job's `Location`. " +
                "One job at a time across every instance (409 otherwise). In Production `reset` and `force` are a 403 unless " +
                "`SeedJobs:AllowResetInProduction` is set too." + Refusals)
            .ProducesValidationProblem();
        group.MapGet("", ListAsync)
            .WithName("ListSeedJobs")
            .WithSummary("Seed jobs, newest first")
            .WithDescription(
                "Every job, the most recently started first, cursor-paged like the feed (`before` to scroll, `after` to refresh), " +
                "with who started and who cancelled each: a reset keeps them." + Refusals);
        group.MapGet("/{id:long}", GetAsync)
            .WithName("GetSeedJob")
            .WithSummary("A seed job's state and progress")
            .WithDescription("Poll until `state` is `succeeded`, `failed` or `cancelled`; `phase` says what it is doing." + Refusals);
        group.MapDelete("/{id:long}", CancelAsync)
            .WithName("CancelSeedJob")
            .WithSummary("Cancel a seed job")
            .WithDescription(
                "A queued or running job stops; its transaction rolls back, so the database is as it was. " +
                "409 when it has already ended." + Refusals);
        return group;
    }

    public static async Task<Results<Accepted<SeedJobResponse>, ValidationProblem, ForbiddenProblem, ConflictProblem>> StartAsync(
        SeedJobRequest request,
        FeedDbContext db,
        SeedJobRunner runner,
        SeedJobAccess access,
        HttpContext http,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (admin, refused) = await access.CheckAsync(http, db, cancellationToken);
        if (admin is null)
        {
            return refused!;
        }

        if (request.Errors() is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (access.RefuseDeleting(request) is { } deleting)
        {
            return deleting;
        }

        var job = new SeedJob
        {
            State = SeedJob.Queued,
            Options = JsonSerializer.Serialize(request with { QaPassword = null }, JsonSerializerOptions.Web), // the password is not stored
            RequestedBy = admin.Id,
            RequestedByName = admin.Name,
            CreatedAt = FeedTime.ToFeedPrecision(clock.GetUtcNow().UtcDateTime),
            ItemsTotal = request.Kind == SeedJobRequest.LiveKind ? request.ToLiveOptions().Actions : request.Items,
        };
        if (runner.Current is { } running)
        {
            // This instance runs one: no need to ask the database (on SQLite the seed holds its only writer).
            return Busy(running.Id);
        }

        await runner.MarkLostAsync(db, job.CreatedAt, cancellationToken);
        db.SeedJobs.Add(job);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Busy(await db.SeedJobs.Where(j => j.Active == 1).Select(j => (long?)j.Id).FirstOrDefaultAsync(cancellationToken));
        }

        runner.Start(job.Id, request.QaPassword);
        return TypedResults.Accepted($"/admin/seed-jobs/{job.Id}", SeedJobResponse.Of(job, null, job.CreatedAt));
    }

    /// <summary>A page of jobs: the access check, the lost-job check, and one keyset window over (CreatedAt, Id).</summary>
    public static async Task<Results<Ok<FeedPage<SeedJobResponse>>, ValidationProblem, ForbiddenProblem>> ListAsync(
        [AsParameters] PageParameters page,
        FeedDbContext db,
        SeedJobRunner runner,
        SeedJobAccess access,
        HttpContext http,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if ((await access.CheckAsync(http, db, cancellationToken)).Refused is { } refused)
        {
            return refused;
        }

        if (!page.TryRead(Scope, null, out var request, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await runner.MarkLostAsync(db, now, cancellationToken);
        var jobs = db.SeedJobs.AsNoTracking();
        var window = Keyset.Window(jobs, j => j.CreatedAt, j => j.Id, request, j => j);
        var slice = await Keyset.ReadAsync(
            window, j => new FeedPosition(j.CreatedAt, j.Id), request, jobs, j => j.CreatedAt, j => j.Id, cancellationToken);
        var current = runner.Current;
        return TypedResults.Ok(slice.ToPage(request, http, j => SeedJobResponse.Of(j, current, now)));
    }

    public static async Task<Results<Ok<SeedJobResponse>, NotFoundProblem, ForbiddenProblem>> GetAsync(
        long id,
        FeedDbContext db,
        SeedJobRunner runner,
        SeedJobAccess access,
        HttpContext http,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if ((await access.CheckAsync(http, db, cancellationToken)).Refused is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await runner.MarkLostAsync(db, now, cancellationToken);
        var job = await db.SeedJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, cancellationToken);
        return job is null ? Problem.NotFound("seed job", id) : TypedResults.Ok(SeedJobResponse.Of(job, runner.Current, now));
    }

    public static async Task<Results<Accepted<SeedJobResponse>, NotFoundProblem, ForbiddenProblem, ConflictProblem>> CancelAsync(
        long id,
        FeedDbContext db,
        SeedJobRunner runner,
        SeedJobAccess access,
        HttpContext http,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (admin, refused) = await access.CheckAsync(http, db, cancellationToken);
        if (admin is null)
        {
            return refused!;
        }

        var here = runner.TryCancelHere(id, admin); // at once, and on SQLite before the write below (which waits for the seed to roll back)
        // The first admin to cancel is the one recorded; a second cancel of a running job changes nothing of it.
        var asked = await db.SeedJobs
            .Where(j => j.Id == id && (j.State == SeedJob.Queued || j.State == SeedJob.Running))
            .ExecuteUpdateAsync(
                s => s.SetProperty(j => j.CancelRequested, true)
                    .SetProperty(j => j.CancelledBy, j => j.CancelledBy ?? admin.Id)
                    .SetProperty(j => j.CancelledByName, j => j.CancelledByName ?? admin.Name),
                cancellationToken);
        var job = await db.SeedJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, cancellationToken);
        return job is null ? Problem.NotFound("seed job", id)
            : asked == 0 && !here ? Problem.Conflict($"Seed job {id} has already ended ({job.State}).")
            : TypedResults.Accepted($"/admin/seed-jobs/{id}", SeedJobResponse.Of(job, runner.Current, clock.GetUtcNow().UtcDateTime));
    }

    private static ConflictProblem Busy(long? active) =>
        Problem.Conflict(
            $"Seed job {active} is already queued or running: one at a time. " +
            $"Wait for it (GET /admin/seed-jobs/{active}) or list them (GET /admin/seed-jobs), or cancel it.");
}
