using Feed.Api.Data;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Wire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Feed.Api.Plumbing.Idempotency;

/// <summary>Marks the endpoints whose writes honour <c>Idempotency-Key</c> (read by the OpenAPI document).</summary>
public sealed class IdempotentWriteMetadata
{
    public static readonly IdempotentWriteMetadata Instance = new();
}

/// <summary>
/// Safe retries (as Stripe's idempotency keys): a signed-in write sent with
/// <c>Idempotency-Key</c> is done once per (user, key) for 24 hours. A repeat of it is answered
/// with the first answer (status, body, <c>Location</c>) without doing the work again; the same
/// key with another request (<see cref="RequestFingerprint"/>: what the endpoint binds, uploads
/// by their bytes) is a 422. The key's claim is written in the write's own transaction
/// (<see cref="IdempotencyClaims"/>), so it commits exactly when the work does: a repeat that arrives
/// while the first runs waits for its commit (on the claim's row) and replays its answer; a server
/// that died before committing leaves nothing, and the repeat does the work; one that died after
/// leaves the claim, and the repeat gets a 409 rather than a second post. The keys live in the
/// database, so every instance agrees; a new key sweeps a few expired ones, so no job of its own is
/// needed. Only successful answers are kept: after a 4xx the client may fix its request and send it again with the same key.
/// What a user's keys may take is capped (<see cref="IdempotencyCaps"/>): a count, past which the oldest are evicted, and
/// bytes of kept bodies, past which an answer is kept as its status and <c>Location</c>.
/// </summary>
public static class IdempotentWrites
{
    public const string Header = "Idempotency-Key";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a repeat waits for the first request's answer to be stored, and after how long an
    /// answer not stored counts as lost (its process died after the commit).
    /// </summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10), Abandoned = TimeSpan.FromMinutes(1);

    /// <summary>A keyed write's claim commits with its work: the EF interceptor that stores it in the write's transaction.</summary>
    public static IHostApplicationBuilder AddFeedIdempotency(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IInterceptor, IdempotencyClaims>();
        builder.Services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.Section);
        return builder;
    }

    public static TBuilder WithIdempotentWrites<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(IdempotentWriteMetadata.Instance);
        builder.AddEndpointFilterFactory((endpoint, next) =>
        {
            var fingerprint = RequestFingerprint.For(endpoint); // what this endpoint binds, read once
            return context => InvokeAsync(context, next, fingerprint);
        });
        return builder;
    }

    private static async ValueTask<object?> InvokeAsync(
        EndpointFilterInvocationContext context, EndpointFilterDelegate next, RequestFingerprint fingerprint)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || http.User.FeedUserId() is not { } userId
            || !http.Request.Headers.TryGetValue(Header, out var values))
        {
            return await next(context);
        }

        var key = values.ToString();
        if (key.Length is 0 or > IdempotentRequest.KeyMaxLength || values.Count > 1 || key.Any(c => c is < '!' or > '~'))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [Header] =
                [
                    $"{Header} must be 1 to {IdempotentRequest.KeyMaxLength} visible ASCII characters " +
                    "(a UUID is a good choice), sent once.",
                ],
            });
        }

        await using var scope = http.RequestServices.CreateAsyncScope(); // its own context: the handler's may be cleared or rolled back
        var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        var json = http.RequestServices.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
        var hash = await fingerprint.HashAsync(context, json);
        while (true)
        {
            if (await LookAsync(db, userId, key, hash, clock, http.RequestAborted) is { } answer)
            {
                return answer;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var claim = new IdempotentRequest
            {
                UserId = userId,
                Key = key,
                RequestHash = hash,
                CreatedAt = now,
                ExpiresAt = now + Lifetime,
            };
            var pending = new PendingIdempotentWrite(claim);
            http.Features.Set(pending);
            object? result;
            try
            {
                result = await next(context);
            }
            catch (Exception e) when (e is IdempotencyClaimTakenException || e.InnerException is IdempotencyClaimTakenException)
            {
                continue; // another request with this key committed first: its answer is this one's
            }
            finally
            {
                http.Features.Set<PendingIdempotentWrite>(null);
            }

            var caps = http.RequestServices.GetRequiredService<IOptions<IdempotencyOptions>>().Value;
            await IdempotencyClaims.KeepAsync(db, pending, HandlerResults.Unwrap(result), json, caps);
            await TidyAsync(db, userId, caps, now);
            return result;
        }
    }

    /// <summary>
    /// Housekeeping after an answer is kept: the user's keys past the cap, then a hundred expired keys of anyone.
    /// The write and its key are committed by now, so a deadlock here never changes the answer: the next keyed
    /// write tidies up instead.
    /// </summary>
    private static async Task TidyAsync(FeedDbContext db, long userId, IdempotencyOptions caps, DateTime now)
    {
        try
        {
            await IdempotencyCaps.EvictOldestAsync(db, userId, caps);
            await db.IdempotentRequests.Where(r => r.ExpiresAt < now).OrderBy(r => r.ExpiresAt).Take(100)
                .ExecuteDeleteAsync(CancellationToken.None);
        }
        catch (Exception e) when (Resilience.IsDeadlock(e))
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// The answer to give instead of running the write: a replay, 422, or 409 when the first request's
    /// work committed but its answer is not stored (still being stored, or lost with its server: the
    /// work is never done twice); null when no request with this key did its work.
    /// </summary>
    private static async Task<IResult?> LookAsync(
        FeedDbContext db, long userId, string key, byte[] hash, TimeProvider clock, CancellationToken cancellationToken)
    {
        var waitUntil = clock.GetUtcNow().UtcDateTime + Wait;
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var mine = db.IdempotentRequests.Where(r => r.UserId == userId && r.Key == key);
            var first = await mine.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
            if (first is null)
            {
                return null;
            }

            if (first.ExpiresAt < now)
            {
                await mine.Where(r => r.CreatedAt == first.CreatedAt).ExecuteDeleteAsync(cancellationToken);
                continue;
            }

            if (!first.RequestHash.AsSpan().SequenceEqual(hash))
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Idempotency-Key reused",
                    detail: $"This {Header} was used for a different request (another route or body) in the last 24 hours. " +
                        "Use a new key for a new request.");
            }

            if (first.Status is { } status)
            {
                return new IdempotentReplay(first, status);
            }

            if (now >= waitUntil || first.CreatedAt < now - Abandoned)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Done, answer not stored",
                    detail: $"The first request with this {Header} did its work, but its answer is not stored " +
                        "(yet, or it was lost with the server that did it). " +
                        "It will not be done again: read the resource (or the feed) to see the result.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }
}
