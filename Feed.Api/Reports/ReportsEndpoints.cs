using System.Security.Claims;
using Feed.Api.Data;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Feed.Api.Users;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Feed.Api.Reports;

/// <summary>The handlers of <see cref="ReportsApi"/>.</summary>
public static class ReportsEndpoints
{
    public const string AdminsOnly =
        "Reports are for admins, as the database has them now: sign in as one (create-user NAME PASSWORD --admin).";

    private static readonly string[] States = [Report.Open, Report.Removed, Report.Dismissed];

    /// <summary>The listing's cursors are bound to it and to its state: a cursor of the open reports pages no other state.</summary>
    public static string Scope(string state) => $"admin/reports:{state}";

    public static async Task<Results<Created<ReportResponse>, Ok<ReportResponse>, ValidationProblem, NotFoundProblem>> FileReport(
        long id, ReportRequest request, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.Errors(out var details) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var me = http.User.RequiredUserId();
        var (outcome, reportId) = await ReportWrites.FileAsync(
            db, id, me, request.Reason!, details, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return outcome switch
        {
            Filing.NoSuchItem => Problem.NotFound("item", id),
            Filing.OwnItem => TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["id"] = ["You wrote this item: delete it (DELETE /feed/{id}) rather than report it."] },
                detail: "An item cannot be reported by its own author."),
            Filing.Filed => TypedResults.Created((string?)null, await ReadAsync(db, reportId, cancellationToken)),
            _ => TypedResults.Ok(await ReadAsync(db, reportId, cancellationToken)),
        };
    }

    public static async Task<Results<Created<ReportResponse>, Ok<ReportResponse>, ValidationProblem, NotFoundProblem>> FileCommentReport(
        long id, ReportRequest request, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.Errors(out var details) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var me = http.User.RequiredUserId();
        var (outcome, reportId) = await ReportWrites.FileCommentAsync(
            db, id, me, request.Reason!, details, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return outcome switch
        {
            Filing.NoSuchComment or Filing.NoSuchItem => Problem.NotFound("comment", id),
            Filing.OwnItem => TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["id"] = ["You wrote this comment: delete it (DELETE /comments/{id}) rather than report it."],
                },
                detail: "A comment cannot be reported by its own author."),
            Filing.Filed => TypedResults.Created((string?)null, await ReadAsync(db, reportId, cancellationToken)),
            _ => TypedResults.Ok(await ReadAsync(db, reportId, cancellationToken)),
        };
    }

    /// <summary>A page of one state's reports: the admin check, then one keyset window over (State, CreatedAt, Id).</summary>
    public static async Task<Results<Ok<FeedPage<ReportResponse>>, ValidationProblem, ForbiddenProblem>> ListReports(
        [AsParameters] PageParameters page,
        [AsParameters] ReportStateParameter filter,
        FeedDbContext db,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        if (await AdminAsync(http.User, db, cancellationToken) is null)
        {
            return new ForbiddenProblem(AdminsOnly);
        }

        var state = filter.State ?? Report.Open;
        if (!States.Contains(state))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["state"] = ["state is open, removed or dismissed."] });
        }

        if (!page.TryRead(Scope(state), null, out var request, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var reports = db.Reports.AsNoTracking().Where(r => r.State == state);
        var window = Keyset.Window(reports, r => r.CreatedAt, r => r.Id, request, Row(db));
        var slice = await Keyset.ReadAsync(
            window, r => new FeedPosition(r.Report.CreatedAt, r.Report.Id), request, reports, r => r.CreatedAt, r => r.Id,
            cancellationToken);
        return TypedResults.Ok(slice.ToPage(request, http, r => r.ToResponse()));
    }

    public static async Task<Results<Ok<ReportResponse>, ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>>
        ResolveReport(
            long id,
            ResolveReportRequest request,
            FeedDbContext db,
            HttpContext http,
            IOptions<ChangeLogOptions> changes,
            TimeProvider clock,
            CancellationToken cancellationToken)
    {
        if (await AdminAsync(http.User, db, cancellationToken) is not { } admin)
        {
            return new ForbiddenProblem(AdminsOnly);
        }

        if (request.Action is not ("remove" or "dismiss"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["action"] = ["action is remove or dismiss."] });
        }

        var remove = request.Action == "remove";
        var outcome = await ReportWrites.ResolveAsync(db, id, admin, remove, clock.GetUtcNow().UtcDateTime, cancellationToken);
        if (outcome == Resolution.Resolved && remove)
        {
            await ChangeLogWrites.SweepAsync(db, changes.Value, clock.GetUtcNow().UtcDateTime); // as an item's own DELETE does
        }

        return outcome switch
        {
            Resolution.NoSuchReport => Problem.NotFound("report", id),
            Resolution.AlreadyResolved => Problem.Conflict(
                $"Report {id} is resolved already: GET /admin/reports?state=removed or ?state=dismissed shows by whom and when."),
            _ => TypedResults.Ok(await ReadAsync(db, id, cancellationToken)),
        };
    }

    /// <summary>The caller's id when they are an admin now, with a token whose stamp is still theirs; else null.</summary>
    private static Task<long?> AdminAsync(ClaimsPrincipal user, FeedDbContext db, CancellationToken cancellationToken)
    {
        var id = user.FeedUserId();
        var stamp = user.FindFirstValue(Tokens.StampClaim);
        return id is null || stamp is null
            ? Task.FromResult<long?>(null)
            : db.Users.Where(u => u.Id == id && u.IsAdmin && u.SecurityStamp == stamp).Select(u => (long?)u.Id)
                .SingleOrDefaultAsync(cancellationToken);
    }

    private static async Task<ReportResponse> ReadAsync(FeedDbContext db, long id, CancellationToken cancellationToken) =>
        (await db.Reports.AsNoTracking().Where(r => r.Id == id).Select(Row(db)).SingleAsync(cancellationToken)).ToResponse();

    /// <summary>A report with whether what it reports exists and its people's names: lookups by primary key in the same command.</summary>
    private static System.Linq.Expressions.Expression<Func<Report, ReportRow>> Row(FeedDbContext db) => r => new ReportRow(
        r,
        r.CommentId == 0 ? db.FeedItems.Any(i => i.Id == r.ItemId) : db.Comments.Any(c => c.Id == r.CommentId),
        db.Users.Where(u => u.Id == r.ReporterId).Select(u => u.Name).FirstOrDefault(),
        db.Users.Where(u => u.Id == r.ResolvedBy).Select(u => u.Name).FirstOrDefault());

    private sealed record ReportRow(Report Report, bool ItemExists, string? ReporterName, string? ResolverName)
    {
        public ReportResponse ToResponse() => new(
            Report.Id, Report.ItemId, Report.CommentId == 0 ? null : Report.CommentId, ItemExists,
            new ReportUser(Report.ReporterId, ReporterName), Report.Reason, Report.Details,
            Report.State, Report.CreatedAt, Report.ResolvedBy is { } by ? new ReportUser(by, ResolverName) : null, Report.ResolvedAt);
    }
}
