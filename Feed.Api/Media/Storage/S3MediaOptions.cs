using Microsoft.Extensions.Options;

namespace Feed.Api.Media.Storage;

/// <summary>
/// Where media go when <c>Media:Store</c> is <c>S3</c>: any S3-compatible service (AWS, Ceph's radosgw,
/// MinIO, R2, ...), addressed path-style (<c>{ServiceUrl}/{Bucket}/{key}</c>) so no DNS per bucket is needed.
/// </summary>
public sealed class S3MediaOptions
{
    public const string Section = "Media:S3";

    /// <summary>The service's endpoint, e.g. <c>http://127.0.0.1:33390</c>; empty: AWS itself, by <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The bucket every instance shares; it must exist (the app never creates buckets).</summary>
    public string Bucket { get; set; } = "";

    /// <summary>Static keys; leave both empty to use the SDK's own chain (environment, instance or task role).</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>The signing region; S3-compatible servers mostly accept any, AWS needs the bucket's.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Put before every key (e.g. <c>feed/</c>), so one bucket can serve several deployments.</summary>
    public string KeyPrefix { get; set; } = "";

    /// <summary>One attempt's limit; a 3 MB original over a slow link fits well inside it.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after a throttle, a 5xx or a dropped connection (standard mode: backoff with jitter).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// The largest object <see cref="S3MediaStore.OpenAsync"/> reads into memory (pooled) to give a seekable stream.
    /// The feature stores renditions only (≤ 2048 px, re-encoded), far below it; a larger object is an error.
    /// </summary>
    public int MaxObjectBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>What is wrong with these settings, or null.</summary>
    internal string? Problem() => this switch
    {
        { Bucket: "" or null } => "Media:S3:Bucket is required when Media:Store is S3.",
        { ServiceUrl: { Length: > 0 } url } when !Uri.TryCreate(url, UriKind.Absolute, out _)
            => $"Media:S3:ServiceUrl '{url}' is not an absolute URL.",
        _ when string.IsNullOrEmpty(AccessKey) != string.IsNullOrEmpty(SecretKey)
            => "Media:S3:AccessKey and Media:S3:SecretKey go together: set both, or neither to use the SDK's credential chain.",
        _ when Timeout <= TimeSpan.Zero || MaxRetries < 0 || MaxObjectBytes <= 0
            => "Media:S3: Timeout and MaxObjectBytes must be positive, MaxRetries not negative.",
        _ => null,
    };
}

/// <summary>Says which <c>Media:S3</c> setting is wrong when the host starts.</summary>
internal sealed class S3MediaOptionsValidator : IValidateOptions<S3MediaOptions>
{
    public ValidateOptionsResult Validate(string? name, S3MediaOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
