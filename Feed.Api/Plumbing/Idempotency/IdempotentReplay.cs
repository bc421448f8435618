using Feed.Api.Data;
using Feed.Api.Plumbing.ConditionalGets;

namespace Feed.Api.Plumbing.Idempotency;

/// <summary>
/// The first answer again (status, body, <c>Location</c>, and the <c>ETag</c> of an endpoint
/// marked <see cref="TaggedAnswerMetadata"/>), marked <c>Idempotent-Replayed: true</c>.
/// </summary>
public sealed class IdempotentReplay(IdempotentRequest first, int status) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        response.Headers["Idempotent-Replayed"] = "true";
        if (first.Location is not null)
        {
            response.Headers.Location = first.Location;
        }

        if (first.ResponseBody is not null)
        {
            if (httpContext.GetEndpoint()?.Metadata.GetMetadata<TaggedAnswerMetadata>() is not null)
            {
                // The tag the first answer had: it is the hash of these same bytes.
                response.GetTypedHeaders().ETag = EntityTags.Of(first.ResponseBody);
            }

            response.ContentType = first.ContentType;
            response.ContentLength = first.ResponseBody.Length;
            await response.Body.WriteAsync(first.ResponseBody, httpContext.RequestAborted);
        }
    }
}

/// <summary>
/// Marks a write whose answer carries the <c>ETag</c> of its JSON body (an item's create and edit),
/// so a replay of it carries the same tag: the tag is not stored, it is the hash of the stored body.
/// </summary>
public sealed class TaggedAnswerMetadata
{
    public static readonly TaggedAnswerMetadata Instance = new();
}

public static class TaggedAnswers
{
    public static TBuilder WithTaggedAnswers<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(TaggedAnswerMetadata.Instance);
}
