using System.Buffers;
using System.Text.Json;
using Feed.Api.Plumbing.Wire;
using Microsoft.Extensions.Options;
using Microsoft.IO;
using Microsoft.Net.Http.Headers;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Feed.Api.Plumbing.ConditionalGets;

/// <summary>
/// Marks the endpoints whose GET answers carry an <c>ETag</c> and honour <c>If-None-Match</c> (read by the OpenAPI document).
/// </summary>
public sealed class ConditionalGetMetadata
{
    public static readonly ConditionalGetMetadata Instance = new();
}

/// <summary>
/// Conditional GETs (RFC 9110 §13) for the API's reads: a 200's JSON body is written once into a
/// buffer, hashed into a weak <c>ETag</c>, and answered <c>304 Not Modified</c> with no body when the
/// client's <c>If-None-Match</c> has that tag. The tag covers the whole body, the caller's
/// <c>likedByMe</c>/<c>joinedByMe</c> included, so responses vary by <c>Authorization</c>; and
/// <c>private, no-cache</c> lets the app keep a copy but makes it ask each time (a like changes the
/// item at any moment). The database is still read: a 304 saves the bytes, not the query.
/// </summary>
public static class ConditionalGets
{
    public static TBuilder WithConditionalGets<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(ConditionalGetMetadata.Instance);
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = HandlerResults.Unwrap(await next(context));

            var http = context.HttpContext;
            return HttpMethods.IsGet(http.Request.Method)
                && result is IValueHttpResult { Value: { } value } and IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK }
                ? Conditional(http, value, HandlerResults.DeclaredType(result, value))
                : result;
        });
        return builder;
    }

    /// <summary>
    /// The body is serialized once, into pooled memory (no array the size of the page per
    /// request): hashed for the tag, then written from there, unless holding it would take the
    /// instance past its budget (<see cref="ResponseBuffers"/>): then it is freed at once and
    /// serialized again straight to the client. The writer takes the serializer's encoder, so the
    /// bytes (and the tag) are exactly what <c>If-Match</c> is checked against.
    /// </summary>
    private static IResult Conditional(HttpContext http, object value, Type type)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
        var buffers = http.RequestServices.GetRequiredService<ResponseBuffers>();
        // A fixed id: a new Guid per request costs more than it tells.
        var body = buffers.Manager.GetStream(Guid.Empty, nameof(ConditionalGets));
        var writerOptions = new JsonWriterOptions
        {
            Encoder = options.Encoder,
            Indented = options.WriteIndented,
            MaxDepth = options.MaxDepth,
        };
        using (var writer = new Utf8JsonWriter((IBufferWriter<byte>)body, writerOptions))
        {
            JsonSerializer.Serialize(writer, value, type, options);
        }

        var tag = EntityTags.Of(body.GetReadOnlySequence());
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = tag;
        headers.CacheControl = new CacheControlHeaderValue { Private = true, NoCache = true };
        http.Response.Headers.Append(HeaderNames.Vary, HeaderNames.Authorization);

        if (EntityTags.Matches(http.Request.GetTypedHeaders().IfNoneMatch, tag))
        {
            body.Dispose();
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        if (buffers.TryHold(body.Length))
        {
            return new PooledJson(body, buffers);
        }

        var length = body.Length;
        body.Dispose();
        return new StreamedJson(value, type, options, length, buffers);
    }

    /// <summary>Writes the pooled body, then returns it to the pool and its bytes to the budget.</summary>
    private sealed class PooledJson(RecyclableMemoryStream body, ResponseBuffers buffers) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var length = body.Length;
            await using (body)
            {
                try
                {
                    httpContext.Response.ContentType = "application/json; charset=utf-8";
                    httpContext.Response.ContentLength = length;
                    await buffers.WriteWithinTimeoutAsync(httpContext, async cancel =>
                    {
                        foreach (var segment in body.GetReadOnlySequence())
                        {
                            await httpContext.Response.Body.WriteAsync(segment, cancel);
                        }
                    });
                }
                finally
                {
                    buffers.Release(length);
                }
            }
        }
    }

    /// <summary>The same bytes serialized again, straight to the client: nothing the size of the body is held.</summary>
    private sealed class StreamedJson(object value, Type type, JsonSerializerOptions options, long length, ResponseBuffers buffers)
        : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            httpContext.Response.ContentLength = length;
            return buffers.WriteWithinTimeoutAsync(httpContext,
                cancel => JsonSerializer.SerializeAsync(httpContext.Response.Body, value, type, options, cancel));
        }
    }
}
