namespace Feed.Api.Data;

/// <summary>
/// A write a user sent with an idempotency key: a hash of what was sent and, once it succeeded,
/// the answer to give again to a repeat (status, body, location) until <see cref="ExpiresAt"/>.
/// One row per (user, key): the primary key is what lets only one of two concurrent repeats run.
/// </summary>
public sealed class IdempotentRequest
{
    public const int KeyMaxLength = 255;

    public required long UserId { get; init; }

    public required string Key { get; init; }

    /// <summary>SHA-256 of the method, the path and the body: the same key with anything else is refused.</summary>
    public required byte[] RequestHash { get; init; }

    public required DateTime CreatedAt { get; set; }

    public required DateTime ExpiresAt { get; set; }

    /// <summary>Null while the first request runs; then the answer's status.</summary>
    public int? Status { get; set; }

    public string? ContentType { get; set; }

    public byte[]? ResponseBody { get; set; }

    public string? Location { get; set; }
}
