using Feed.Api.Data;
using Feed.Api.Media;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Caching;
using Feed.Api.Plumbing.ConditionalGets;
using Feed.Api.Plumbing.Idempotency;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Feed.Api.Items;

/// <summary>
/// A kind's endpoints, written once for every kind: its listing, one item, writing one and
/// editing one (<c>/posts</c>, <c>/posts/{id}</c> …). Likes and members: Interactions.
/// </summary>
public sealed partial class ItemKind<TItem, TResponse, TCreate, TEdit>
{
    public override RouteGroupBuilder Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Route).WithTags(Tag);

        // Passed as Delegate: the route-handler analyzer fails (AD0001) on a body whose type is a type parameter.
        Delegate create = CreateOne, edit = EditOne;

        group.MapGet("", GetPage)
            .WithName($"Get{Title}s")
            .WithSharedFirstPage()
            .WithSummary($"{Tag}, newest first")
            .WithDescription($"Only {Plural}, cursor-paged like the mixed feed. Cursors from other listings are refused.");

        group.MapGet("/{id:long}", GetOne)
            .WithName($"Get{Title}")
            .WithSummary($"One {Name}")
            .WithDescription($"404 when no {Name} has this id (also when the id is {ItemKinds.Listed(ItemKinds.Others(this), "or")}).");

        group.MapPost("", create)
            .WithName($"Create{Title}")
            .WithSummary(CreateSummary)
            .WithDescription($"The signed-in user {Creates}; it is the newest item of the feed.")
            .RequireAuthorization()
            .WithTaggedAnswers()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapPatch("/{id:long}", edit)
            .WithName($"Edit{Title}")
            .WithSummary($"Edit {WithArticle}")
            .WithDescription($"A JSON merge patch (RFC 7396) of the {Name}'s own fields, checked as when it was created: " +
                "send only what changes; a field left out or null stays as it is (none can be removed). " +
                "Only the author may edit, not an admin. " +
                $"Send the `ETag` you read as `If-Match` and {WithArticle} changed meanwhile is a 412; without it the last edit wins. " +
                $"`editedAt` is set; the {Name} keeps its place in the feed.")
            .Accepts<TEdit>("application/merge-patch+json", "application/json")
            .RequireAuthorization()
            .WithTaggedAnswers()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        return group;
    }

    private Task<Results<Ok<FeedPage<TResponse>>, ValidationProblem>> GetPage(
        [AsParameters] PageParameters page, FeedReadDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        ItemReads.ReadPageAsync<TResponse>(db, http, FeedListing.Of(Name), page, cancellationToken);

    private Task<Results<Ok<TResponse>, NotFoundProblem>> GetOne(
        long id, FeedReadDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        ItemReads.ReadItemAsync<TResponse>(db, db.FeedItems.OfType<TItem>(), Name, id, http, cancellationToken);

    /// <summary>
    /// Stores a new item by the caller and answers 201 with its location, the item and its <c>ETag</c>
    /// (an edit's <c>If-Match</c> without a read first); 400 when a field breaks the domain's text
    /// rule (<see cref="FeedText"/>), which the request's length checks cannot see.
    /// </summary>
    private async Task<Results<Created<TResponse>, ValidationProblem>> CreateOne(
        TCreate request, FeedDbContext db, HttpContext http, IOptions<JsonOptions> jsonOptions, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        TItem item;
        var mediaIds = CreateMedia(request);
        try
        {
            item = Create(request, http.User.RequiredUserId(), clock.GetUtcNow().UtcDateTime);
        }
        catch (ArgumentException e) when (e.ParamName is { } field)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [e.Message] });
        }

        if ((ItemMedia.Check(mediaIds) ?? await ItemWrites.AddAsync(db, item, cancellationToken, mediaIds)) is { } refusal)
        {
            return TypedResults.ValidationProblem(refusal.Errors);
        }

        // Read back as GET shows it: its media and its author's avatar.
        var entry = await db.FeedItems.Where(i => i.Id == item.Id).ToRows(db, item.AuthorId).SingleEntryAsync(cancellationToken);
        var response = (TResponse)FeedItemResponse.From(entry, http.MediaUrls());
        http.Response.GetTypedHeaders().ETag = EntityTags.Of(response, typeof(TResponse), jsonOptions.Value.SerializerOptions);
        return TypedResults.Created($"{Route}/{item.Id}", response);
    }

    /// <summary>
    /// The author changes their item's own fields (<see cref="ItemWrites.ReviseAsync"/>), and the answer:
    /// 404 when there is no such item of this kind, 403 when the caller did not write it (an admin
    /// may delete an item, not rewrite someone's words), 412 when <c>If-Match</c> does not name the
    /// item as it is now, else the item as its author now sees it, with its new <c>ETag</c>.
    /// </summary>
    private async Task<Results<Ok<TResponse>, ValidationProblem, NotFoundProblem, ForbiddenProblem, PreconditionFailedProblem>> EditOne(
        long id,
        TEdit request,
        FeedDbContext db,
        HttpContext http,
        IOptions<JsonOptions> jsonOptions,
        IOptions<ChangeLogOptions> changes,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var json = jsonOptions.Value.SerializerOptions;
        var now = clock.GetUtcNow().UtcDateTime;
        var urls = http.MediaUrls();
        var ifMatch = (FeedEntry before) =>
            EntityTags.IfMatchAllows(http.Request, () => EntityTags.Of(FeedItemResponse.From(before, urls), typeof(TResponse), json));
        var mediaIds = EditMedia(request);
        if (ItemMedia.Check(mediaIds) is { } refusal)
        {
            return TypedResults.ValidationProblem(refusal.Errors);
        }

        Action<TItem, DateTime>? edit = Changes(request) ? (item, at) => Edit(item, request, at) : null;
        var revision = await ItemWrites.ReviseAsync(
            db, id, http.User.RequiredUserId(), ifMatch, edit, now, cancellationToken, mediaIds);
        await ChangeLogWrites.SweepAsync(db, changes.Value, clock.GetUtcNow().UtcDateTime);
        switch (revision.Outcome)
        {
            case EditOutcome.NotFound:
                return Problem.NotFound(Name, id);
            case EditOutcome.NotAuthor:
                return new ForbiddenProblem($"Only its author may edit this {Name} (an admin may delete it, not rewrite it).");
            case EditOutcome.Stale:
                return new PreconditionFailedProblem(
                    $"The {Name} changed since the version If-Match names. Read it again (GET) and apply your edit to what it is now.");
            case EditOutcome.Invalid:
                // The domain's text rule that the request's length checks cannot see: the field's name and why.
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [revision.Field!] = [revision.Error!] });
            default:
                var response = (TResponse)FeedItemResponse.From(revision.Entry!, urls);
                http.Response.GetTypedHeaders().ETag = EntityTags.Of(response, typeof(TResponse), json);
                return TypedResults.Ok(response);
        }
    }
}
