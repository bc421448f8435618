using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Feed.Api.Data;
using Feed.Api.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Feed.Api.Hosting;

/// <summary>Marks the endpoints whose writes honour <c>Idempotency-Key</c> (read by the OpenAPI document).</summary>
public sealed class IdempotentWriteMetadata
{
    public static readonly IdempotentWriteMetadata Instance = new();
}

/// <summary>
/// Safe retries (as Stripe's idempotency keys): a signed-in write sent with
/// <c>Idempotency-Key</c> is done once per (user, key) for 24 hours. A repeat of it is answered
/// with the first answer (status, body, <c>Location</c>) without doing the work again; the same
/// key with another request is a 422; a repeat that arrives while the first still runs waits for
/// it (then 409 if it takes too long). The keys live in the database, so every instance agrees; a
/// new key sweeps a few expired ones, so no job of its own is needed. Only successful answers are
/// kept: after a 4xx the client may fix its request and send it again with the same key.
/// </summary>
public static class IdempotentWrites
{
    public const string Header = "Idempotency-Key";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>How long a repeat waits for the first request to finish, and after how long an unfinished first request counts as lost (its process died).</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10), Abandoned = TimeSpan.FromMinutes(1);

    public static TBuilder WithIdempotentWrites<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(IdempotentWriteMetadata.Instance);
        builder.AddEndpointFilter(async (context, next) =>
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
                    [Header] = [$"{Header} must be 1 to {IdempotentRequest.KeyMaxLength} visible ASCII characters (a UUID is a good choice), sent once."],
                });
            }

            await using var scope = http.RequestServices.CreateAsyncScope(); // its own context: the handler's may be cleared or rolled back
            var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
            var clock = http.RequestServices.GetRequiredService<TimeProvider>();
            var json = http.RequestServices.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
            var hash = Fingerprint(context, json);
            var record = await ClaimAsync(db, userId, key, hash, clock, http.RequestAborted);
            if (record is IResult answer)
            {
                return answer;
            }

            var mine = (IdempotentRequest)record;
            object? result;
            try
            {
                result = await next(context);
            }
            catch
            {
                await ForgetAsync(db, mine);
                throw;
            }

            var chosen = ChosenResults.Unwrap(result);

            if (chosen is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 and var status })
            {
                mine.Status = status;
                if (chosen is IValueHttpResult { Value: { } value })
                {
                    mine.ContentType = "application/json; charset=utf-8";
                    mine.ResponseBody = JsonSerializer.SerializeToUtf8Bytes(value, ChosenResults.DeclaredType(chosen, value), json);
                }

                mine.Location = chosen.GetType().GetProperty("Location")?.GetValue(chosen) as string;
                await db.SaveChangesAsync(CancellationToken.None); // the work is done: keep its answer even if the client left
            }
            else
            {
                await ForgetAsync(db, mine);
            }

            return result;
        });
        return builder;
    }

    /// <summary>The new row for this (user, key), or the answer to give instead: a replay, 422 or 409.</summary>
    private static async Task<object> ClaimAsync(FeedDbContext db, long userId, string key, byte[] hash, TimeProvider clock, CancellationToken cancellationToken)
    {
        var waitUntil = clock.GetUtcNow().UtcDateTime + Wait;
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var first = await db.IdempotentRequests.AsNoTracking().SingleOrDefaultAsync(r => r.UserId == userId && r.Key == key, cancellationToken);
            if (first is null)
            {
                var mine = new IdempotentRequest { UserId = userId, Key = key, RequestHash = hash, CreatedAt = now, ExpiresAt = now + Lifetime };
                db.IdempotentRequests.Add(mine);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException)
                {
                    db.Entry(mine).State = EntityState.Detached; // a concurrent repeat claimed it first: look again
                    continue;
                }

                await db.IdempotentRequests.Where(r => r.ExpiresAt < now).OrderBy(r => r.ExpiresAt).Take(100).ExecuteDeleteAsync(cancellationToken);
                return mine;
            }

            if (first.ExpiresAt < now || (first.Status is null && first.CreatedAt < now - Abandoned))
            {
                // Expired, or its first request was lost with its process: this one starts afresh.
                await db.IdempotentRequests.Where(r => r.UserId == userId && r.Key == key && r.CreatedAt == first.CreatedAt).ExecuteDeleteAsync(cancellationToken);
                continue;
            }

            if (!first.RequestHash.AsSpan().SequenceEqual(hash))
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Idempotency-Key reused",
                    detail: $"This {Header} was used for a different request (another route or body) in the last 24 hours. Use a new key for a new request.");
            }

            if (first.Status is { } status)
            {
                return new IdempotentReplay(first, status);
            }

            if (now >= waitUntil)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Still in progress",
                    detail: $"The first request with this {Header} is still being processed. Send it again in a moment to get its answer.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private static async Task ForgetAsync(FeedDbContext db, IdempotentRequest mine)
    {
        db.IdempotentRequests.Remove(mine);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>SHA-256 of the method, the path and query, and the request records the handler received (whitespace and key order do not matter).</summary>
    private static byte[] Fingerprint(EndpointFilterInvocationContext context, JsonSerializerOptions json)
    {
        var request = context.HttpContext.Request;
        var text = new StringBuilder().Append(request.Method).Append(' ').Append(request.Path).Append(request.QueryString);
        foreach (var argument in context.Arguments)
        {
            if (argument is not null && argument.GetType().Name.EndsWith("Request", StringComparison.Ordinal))
            {
                text.Append('\n').Append(JsonSerializer.Serialize(argument, argument.GetType(), json));
            }
        }

        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
