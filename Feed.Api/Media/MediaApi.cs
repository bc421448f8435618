using Feed.Api.Data;
using Feed.Api.Media.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Feed.Api.Media;

/// <summary>Pictures: uploading one, reading and describing it, and serving its files (<see cref="MediaFilesApi"/>).</summary>
public static class MediaApi
{
    /// <summary>The <c>Media</c> options, the store (<c>Media:Store</c>), the image slots and the background workers.</summary>
    public static IHostApplicationBuilder AddFeedMedia(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section)
            .Validate(
                o => o.MaxUploadBytes > 0 && o.Workers >= 0 && o.ProcessingConcurrency > 0 && o.MaxAttempts > 0 && o.Chunk > 0
                    && o.ClaimLease > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero && o.HousekeepingInterval > TimeSpan.Zero
                    && o.UnattachedLifetime > TimeSpan.Zero,
                "Media: sizes, counts and intervals must be positive (Workers may be 0).")
            .Validate(o => o.Store.ToUpperInvariant() is "LOCAL" or "S3", "Media:Store is Local or S3.")
            .ValidateOnStart();
        builder.Services.AddSingleton(provider => new MediaUrls(provider.GetRequiredService<IOptions<MediaOptions>>().Value.PublicBaseUrl));
        builder.Services.AddSingleton<MediaImaging>();
        if (string.Equals(builder.Configuration[$"{MediaOptions.Section}:Store"], "S3", StringComparison.OrdinalIgnoreCase))
        {
            S3MediaStore.Register(builder.Services, builder.Configuration); // Media:S3:*, checked at start
        }
        else
        {
            builder.Services.AddSingleton<IMediaStore>(provider =>
                new LocalMediaStore(LocalFolder(builder, provider.GetRequiredService<IOptions<MediaOptions>>().Value)));
        }

        builder.Services.AddHostedService<MediaWorker>();
        return builder;
    }

    /// <summary><c>/media</c>: upload, read, describe; and <c>/media/files/…</c>, the files themselves.</summary>
    public static IEndpointRouteBuilder MapMediaApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/media").WithTags("Media");
        group.MapMediaUpload();
        group.MapMediaEdits();
        group.MapMediaFiles();
        return app;
    }

    /// <summary><c>Media:Local:Path</c>, or a <c>media</c> folder next to the SQLite file, or in the content root.</summary>
    private static string LocalFolder(IHostApplicationBuilder builder, MediaOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Local.Path))
        {
            return Path.GetFullPath(options.Local.Path, builder.Environment.ContentRootPath);
        }

        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connection = builder.Configuration.GetConnectionString("Feed");
        if (database.Provider == DatabaseProvider.Sqlite && connection is not null
            && new SqliteConnectionStringBuilder(connection).DataSource is { Length: > 0 } file && file != ":memory:")
        {
            return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file, builder.Environment.ContentRootPath))!, "media");
        }

        return Path.Combine(builder.Environment.ContentRootPath, "media");
    }
}
