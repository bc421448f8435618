using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Feed.Api.Plumbing.ConditionalGets;

/// <summary>
/// The entity tag of a JSON answer: a hash of its bytes, so it changes exactly when what the caller
/// sees changes. Weak (RFC 9110 §8.8.1): equal tags mean the same content, not the same encoding.
/// Conditional reads compare it with <c>If-None-Match</c>, edits with <c>If-Match</c>.
/// </summary>
public static class EntityTags
{
    public static EntityTagHeaderValue Of(ReadOnlySpan<byte> body)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, digest);
        return Tag(digest);
    }

    /// <summary>The same tag, of a body in pooled memory.</summary>
    public static EntityTagHeaderValue Of(ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment)
        {
            return Of(body.FirstSpan);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var segment in body)
        {
            hash.AppendData(segment.Span);
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);
        return Tag(digest);
    }

    private static EntityTagHeaderValue Tag(ReadOnlySpan<byte> digest) =>
        new($"\"{Base64Url.EncodeToString(digest[..16])}\"", isWeak: true);

    public static EntityTagHeaderValue Of(object value, Type type, JsonSerializerOptions options) =>
        Of(JsonSerializer.SerializeToUtf8Bytes(value, type, options));

    /// <summary>
    /// Whether the request's <c>If-Match</c> lets a change of <paramref name="current"/> go ahead:
    /// no header does; a list that names it (or <c>*</c>) does; one that does not parse names no
    /// version of anything, so it does not (it must not pass for "no precondition").
    /// </summary>
    public static bool IfMatchAllows(HttpRequest request, Func<EntityTagHeaderValue> current)
    {
        var tags = request.GetTypedHeaders().IfMatch;
        if (tags.Count == 0)
        {
            return string.IsNullOrWhiteSpace(request.Headers.IfMatch.ToString());
        }

        return Matches(tags, current());
    }

    /// <summary>
    /// Whether <paramref name="tags"/> (an <c>If-None-Match</c> or <c>If-Match</c> list) names <paramref name="current"/>, or is <c>*</c>.
    /// </summary>
    public static bool Matches(IList<EntityTagHeaderValue> tags, EntityTagHeaderValue current) =>
        tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: false));
}
