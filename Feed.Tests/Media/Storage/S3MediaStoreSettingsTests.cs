using Feed.Api.Media;
using Feed.Api.Media.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feed.Tests.Media.Storage;

/// <summary><c>Media:S3:*</c> as the media feature's <c>Media:Store=S3</c> switch hands it over (no server needed).</summary>
public sealed class S3MediaStoreSettingsTests
{
    [Fact]
    public void The_store_takes_its_endpoint_bucket_keys_region_and_prefix_from_Media_S3()
    {
        using var services = Services(new()
        {
            ["Media:S3:ServiceUrl"] = "http://127.0.0.1:33390",
            ["Media:S3:Bucket"] = "feed-media",
            ["Media:S3:AccessKey"] = "key",
            ["Media:S3:SecretKey"] = "secret",
            ["Media:S3:Region"] = "eu-west-3",
            ["Media:S3:KeyPrefix"] = "prod/",
        });

        var options = services.GetRequiredService<IOptions<S3MediaOptions>>().Value;

        services.GetRequiredService<IMediaStore>().Should().BeOfType<S3MediaStore>();
        options.Should().BeEquivalentTo(
            new { ServiceUrl = "http://127.0.0.1:33390", Bucket = "feed-media", Region = "eu-west-3", KeyPrefix = "prod/" });
    }

    [Theory]
    [InlineData(null, "key", "secret", "Bucket is required")]
    [InlineData("not a url", "key", "secret", "is not an absolute URL")]
    [InlineData("http://127.0.0.1:33390", "key", null, "go together")]
    public void Settings_that_cannot_work_stop_the_store_with_the_setting_named(string? url, string? key, string? secret, string reason)
    {
        using var services = Services(new()
        {
            ["Media:S3:ServiceUrl"] = url,
            ["Media:S3:Bucket"] = url is null ? null : "feed-media",
            ["Media:S3:AccessKey"] = key,
            ["Media:S3:SecretKey"] = secret,
        });

        var resolve = () => services.GetRequiredService<IMediaStore>();

        resolve.Should().Throw<OptionsValidationException>().WithMessage($"*Media:S3*{reason}*");
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return S3MediaStore.Register(new ServiceCollection(), configuration).BuildServiceProvider();
    }
}
