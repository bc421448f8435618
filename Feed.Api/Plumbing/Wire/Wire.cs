using System.IO.Compression;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.ResponseCompression;

namespace Feed.Api.Plumbing.Wire;

/// <summary>
/// What every answer shares on the wire: camelCase JSON with integers as integers and timestamps
/// with six fractional digits, whole numbers in URLs in one spelling, compression, HEAD on every GET,
/// and routing after both.
/// </summary>
public static class Wire
{
    public static IHostApplicationBuilder AddFeedWire(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.Converters.Add(new FeedTimeJson());
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddCanonicalNumbers(); // one spelling for every whole number in a URL

        // Brotli, else gzip, when the client accepts it: JSON pages shrink about 4×. Fastest level:
        // the CPU per request matters more than the last percent of bytes.
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true; // nothing secret is reflected in a response body (tokens travel in headers)
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes =
            [
                "application/json", "application/problem+json", "text/html", "text/javascript", "application/javascript", "text/css",
            ];
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return builder;
    }

    /// <summary>HEAD as the GET it stands for, then compression; errors are handled inside both.</summary>
    public static WebApplication UseFeedWire(this WebApplication app)
    {
        app.UseHeadAsGet();
        app.UseResponseCompression();
        return app;
    }

    /// <summary>Routing here, not implicitly first: a HEAD must be routed as the GET it stands for.</summary>
    public static WebApplication UseFeedRouting(this WebApplication app)
    {
        app.UseRouting();
        return app;
    }
}
