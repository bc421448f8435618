using Feed.Api.Media;
using Feed.Api.Media.Storage;
using Microsoft.Extensions.Options;

namespace Feed.Tests.Media.Storage;

/// <summary>
/// The store contract against the S3-compatible server of scripts/s3.sh (radosgw), read from
/// FEED_TEST_S3_* (<c>eval "$(scripts/s3.sh env)"</c>). Each test writes under its own key prefix.
/// </summary>
public sealed class MediaStoreTests_S3 : MediaStoreContract
{
    protected override IMediaStore CreateStore() => new S3MediaStore(Options.Create(S3TestServer.Options()));
}

/// <summary>The S3 server the tests were given, if any.</summary>
public static class S3TestServer
{
    public static string? Url => Environment.GetEnvironmentVariable("FEED_TEST_S3_URL");

    /// <summary>Settings for a store of this test's own (a fresh key prefix); skips the test when no server was given.</summary>
    public static S3MediaOptions Options()
    {
        Assert.SkipWhen(string.IsNullOrEmpty(Url), "FEED_TEST_S3_URL is not set. To run the S3 tests: "
            + "scripts/s3.sh install && scripts/s3.sh start && eval \"$(scripts/s3.sh env)\"");
        return new S3MediaOptions
        {
            ServiceUrl = Url,
            Bucket = Environment.GetEnvironmentVariable("FEED_TEST_S3_BUCKET") ?? "feed-media",
            AccessKey = Environment.GetEnvironmentVariable("FEED_TEST_S3_ACCESS_KEY"),
            SecretKey = Environment.GetEnvironmentVariable("FEED_TEST_S3_SECRET_KEY"),
            KeyPrefix = $"tests/{Guid.NewGuid():N}/",
            Timeout = TimeSpan.FromSeconds(20),
        };
    }
}
