using System.Text.Json;
using Feed.Api.Data;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.SeedJobs;

/// <summary>
/// Seeding from a browser: <c>POST /admin/seed-jobs</c> answers 202 at once, <c>GET</c> tells how far
/// it got, <c>DELETE</c> cancels (nothing half-written). Admins only.
/// </summary>
public static class SeedJobsApi
{
    public static IHostApplicationBuilder AddFeedSeedJobs(this IHostApplicationBuilder builder)
    {
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
                "One job at a time across every instance (409 otherwise). Admins only.")
            .ProducesValidationProblem();
        group.MapGet("/{id:long}", GetAsync)
            .WithName("GetSeedJob")
            .WithSummary("A seed job's state and progress")
            .WithDescription("Poll until `state` is `succeeded`, `failed` or `cancelled`. Admins only.");
        group.MapDelete("/{id:long}", CancelAsync)
            .WithName("CancelSeedJob")
            .WithSummary("Cancel a seed job")
            .WithDescription(
                "A queued or running job stops; its transaction rolls back, so the database is as it was. " +
                "409 when it has already ended. Admins only.");
        return group;
    }

    public static async Task<Results<Accepted<SeedJobResponse>, ValidationProblem, ForbiddenProblem, ConflictProblem>> StartAsync(
        SeedJobRequest request,
        FeedDbContext db,
        SeedJobRunner runner,
        HttpContext http,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!http.User.IsAdmin())
        {
            return AdminsOnly();
        }

        if (request.Errors() is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var job = new SeedJob
        {
            State = SeedJob.Queued,
            Options = JsonSerializer.Serialize(request with { QaPassword = null }, JsonSerializerOptions.Web), // the password is not stored
            RequestedBy = http.User.RequiredUserId(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
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
        return TypedResults.Accepted($"/admin/seed-jobs/{job.Id}", ToResponse(job));
    }

    public static async Task<Results<Ok<SeedJobResponse>, NotFoundProblem, ForbiddenProblem>> GetAsync(
        long id, FeedDbContext db, SeedJobRunner runner, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!http.User.IsAdmin())
        {
            return AdminsOnly();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await runner.MarkLostAsync(db, now, cancellationToken);
        var job = await db.SeedJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null)
        {
            return Problem.NotFound("seed job", id);
        }

        // The instance running the job answers from memory: up to the moment, and on SQLite the
        // only way, for the seed's transaction keeps the heartbeat from being written.
        if (job.State == SeedJob.Running && runner.Current is { Id: var running, Progress: { } progress } && running == id)
        {
            job.ItemsDone = progress.Items;
            job.ItemsTotal = progress.TotalItems;
            job.Rows = progress.Rows;
            job.RowsPerSecond = progress.RowsPerSecond;
            job.HeartbeatAt = now;
        }

        return TypedResults.Ok(ToResponse(job));
    }

    public static async Task<Results<Accepted<SeedJobResponse>, NotFoundProblem, ForbiddenProblem, ConflictProblem>> CancelAsync(
        long id, FeedDbContext db, SeedJobRunner runner, HttpContext http, CancellationToken cancellationToken)
    {
        if (!http.User.IsAdmin())
        {
            return AdminsOnly();
        }

        var here = runner.TryCancelHere(id); // at once, and on SQLite before the write below (which waits for the seed to roll back)
        var asked = await db.SeedJobs.Where(j => j.Id == id && (j.State == SeedJob.Queued || j.State == SeedJob.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true), cancellationToken);
        var job = await db.SeedJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, cancellationToken);
        return job is null ? Problem.NotFound("seed job", id)
            : asked == 0 && !here ? Problem.Conflict($"Seed job {id} has already ended ({job.State}).")
            : TypedResults.Accepted($"/admin/seed-jobs/{id}", ToResponse(job));
    }

    private static ConflictProblem Busy(long? active) =>
        Problem.Conflict(
            $"Seed job {active} is already queued or running: one at a time. " +
            $"Wait for it (GET /admin/seed-jobs/{active}) or cancel it.");

    private static ForbiddenProblem AdminsOnly() => new("Seed jobs are for admins: sign in as one (create-user NAME PASSWORD --admin).");

    private static SeedJobResponse ToResponse(SeedJob job) => new(
        job.Id,
        JsonSerializer.Deserialize<SeedJobRequest>(job.Options, JsonSerializerOptions.Web)!.Kind,
        job.State,
        job.ItemsDone,
        job.ItemsTotal,
        job.Rows,
        job.RowsPerSecond,
        job.State == SeedJob.Running && job.ItemsDone > 0 && job.StartedAt is { } started && job.HeartbeatAt is { } beat
            ? (beat - started).TotalSeconds * (job.ItemsTotal - job.ItemsDone) / job.ItemsDone
            : null,
        job.Digest,
        job.Error,
        job.CreatedAt,
        job.StartedAt,
        job.FinishedAt);
}
