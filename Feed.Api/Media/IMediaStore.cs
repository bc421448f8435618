namespace Feed.Api.Media;

/// <summary>
/// Where media bytes live: a folder on local disk by default (the embedded default needs nothing
/// else), S3-compatible object storage in production so every instance behind the balancer shares
/// them. Keys are relative paths with '/' separators, chosen by the media feature; a store never
/// interprets them.
/// </summary>
public interface IMediaStore
{
    /// <summary>Stores the bytes under the key, replacing what was there (a retry writes the same bytes).</summary>
    Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken);

    /// <summary>The object under the key, or null when there is none. The caller disposes its stream, which can seek.</summary>
    Task<StoredObject?> OpenAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes the object under the key; a key with nothing under it is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

/// <summary>An object read from a store: its bytes (seekable, for Range), length and when it was written.</summary>
public sealed record StoredObject(Stream Content, long Length, string ContentType, DateTimeOffset LastModified) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
