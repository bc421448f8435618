using System.Net;
using System.Runtime.InteropServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;
using Microsoft.IO;

namespace Feed.Api.Media.Storage;

/// <summary>
/// Media in an S3-compatible bucket that every instance behind the balancer shares (AWSSDK.S3).
/// Reads come back whole into pooled memory so the caller gets a seekable stream for Range and ETag
/// work: the feature stores renditions only, so one read is bounded by the largest rendition
/// (and refused past <see cref="S3MediaOptions.MaxObjectBytes"/>).
/// </summary>
public sealed class S3MediaStore : IMediaStore, IDisposable
{
    // Small blocks of 128 KB, pooled up to 64 MB free: a burst of reads reuses buffers instead of
    // allocating a large-object-heap array per rendition served.
    private static readonly RecyclableMemoryStreamManager Buffers = new(new RecyclableMemoryStreamManager.Options
    {
        BlockSize = 128 * 1024,
        MaximumSmallPoolFreeBytes = 64 * 1024 * 1024,
        MaximumLargePoolFreeBytes = 64 * 1024 * 1024,
    });

    private readonly IAmazonS3 _s3;
    private readonly S3MediaOptions _options;

    public S3MediaStore(IOptions<S3MediaOptions> options)
    {
        _options = options.Value;
        _s3 = CreateClient(_options);
    }

    /// <summary>
    /// Makes <see cref="IMediaStore"/> this store, from <c>Media:S3:*</c>; the settings are checked when
    /// the host starts, so a missing bucket name stops the app instead of failing its first upload.
    /// </summary>
    public static IServiceCollection Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<S3MediaOptions>()
            .Bind(configuration.GetSection(S3MediaOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<S3MediaOptions>, S3MediaOptionsValidator>();
        services.AddSingleton<S3MediaStore>();
        services.AddSingleton<IMediaStore>(s => s.GetRequiredService<S3MediaStore>());
        return services;
    }

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        using var body = AsStream(content);
        var request = new PutObjectRequest
        {
            BucketName = _options.Bucket,
            Key = _options.KeyPrefix + key,
            InputStream = body,
            AutoCloseStream = false,   // a retry rewinds and sends it again
            ContentType = contentType,
            // One signed body, not aws-chunked with a checksum trailer (see CreateClient).
            UseChunkEncoding = false,
        };
        await _s3.PutObjectAsync(request, cancellationToken);
    }

    public async Task<StoredObject?> OpenAsync(string key, CancellationToken cancellationToken)
    {
        GetObjectResponse response;
        try
        {
            response = await _s3.GetObjectAsync(_options.Bucket, _options.KeyPrefix + key, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            return null;
        }

        using (response)
        {
            if (response.ContentLength > _options.MaxObjectBytes)
            {
                throw new InvalidOperationException(
                    $"Media object '{key}' is {response.ContentLength} bytes, past Media:S3:MaxObjectBytes ({_options.MaxObjectBytes}).");
            }

            var buffer = Buffers.GetStream(nameof(S3MediaStore), response.ContentLength);
            try
            {
                await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
                buffer.Position = 0;
                var lastModified = response.LastModified is { } at
                    ? new DateTimeOffset(DateTime.SpecifyKind(at.ToUniversalTime(), DateTimeKind.Utc))
                    : DateTimeOffset.UtcNow;
                var contentType = response.Headers.ContentType ?? "application/octet-stream";
                return new StoredObject(buffer, buffer.Length, contentType, lastModified);
            }
            catch
            {
                await buffer.DisposeAsync();
                throw;
            }
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _s3.DeleteObjectAsync(_options.Bucket, _options.KeyPrefix + key, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            // S3 answers 204 for a missing key; some compatible servers answer 404 NoSuchKey: the same outcome.
        }
    }

    public void Dispose() => _s3.Dispose();

    private static MemoryStream AsStream(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    private static AmazonS3Client CreateClient(S3MediaOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = true,
            Timeout = options.Timeout,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = options.MaxRetries,
            // The SDK's default adds a CRC checksum to every put (aws-chunked, with a trailer): radosgw 16.2
            // answered every such PUT 400 here. Checksums only where S3 requires them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrEmpty(options.ServiceUrl))
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }

        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
