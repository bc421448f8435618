using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace Feed.Api.Plumbing.Caching;

/// <summary>The <c>PageCache</c> configuration section.</summary>
public sealed class PageCacheOptions
{
    public const string Section = "PageCache";

    /// <summary>Whether anonymous first pages are served from memory.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a cached page is served: the staleness a write on another instance can see.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// The first page of a listing (an endpoint marked <see cref="SharedFirstPage"/>) is the same for
/// every anonymous caller, and the most asked for: it is served from memory (ASP.NET Core's output
/// cache) for <see cref="PageCacheOptions.Duration"/>.
/// <list type="bullet">
/// <item>Only anonymous requests (no <c>Authorization</c> header) are served from it or stored in
/// it: a signed-in caller's page carries their own flags (<c>likedByMe</c>, <c>joinedByMe</c>).</item>
/// <item>Only first pages (no <c>before</c>, no <c>after</c>), varied by the query string exactly as
/// sent and the CORS <c>Origin</c>; only 200s. Not by the values of <c>limit</c> and <c>types</c>:
/// <c>?limit=</c> and no <c>limit</c> have the same value, and a request the listing refuses would
/// have got the cached page of another it accepts. Two requests share an entry only when their
/// bytes are the same, so an answer never depends on what is cached (but for its age).</item>
/// <item>A successful write on this instance (any method but GET and HEAD) evicts every cached page
/// as it completes: the writer's next anonymous read, and everyone's, sees it. A write on another
/// instance (or by the seed verb) shows within <see cref="PageCacheOptions.Duration"/>, plus the
/// length of a read that ran alongside it.</item>
/// </list>
/// </summary>
public static class PageCache
{
    private const string Tag = "pages";

    public static IHostApplicationBuilder AddFeedPageCache(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PageCacheOptions>().BindConfiguration(PageCacheOptions.Section);
        var options = builder.Configuration.GetSection(PageCacheOptions.Section).Get<PageCacheOptions>() ?? new();
        // With the default policy: GET or HEAD, no Authorization, 200s.
        builder.Services.AddOutputCache(cache => cache.AddBasePolicy(policy => policy
            .With(IsSharedFirstPage)
            .VaryByValue(http => new("query", http.Request.QueryString.Value ?? "")) // as sent: see the summary
            .SetVaryByHeader("Origin")
            .Expire(options.Duration)
            .Tag(Tag)));
        return builder;
    }

    private static bool IsSharedFirstPage(OutputCacheContext context)
    {
        var http = context.HttpContext;
        return http.GetEndpoint()?.Metadata.GetMetadata<SharedFirstPage>() is not null
            && !http.Request.Query.ContainsKey("before")
            && !http.Request.Query.ContainsKey("after");
    }

    public static WebApplication UseFeedPageCache(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<PageCacheOptions>>().Value.Enabled)
        {
            return app;
        }

        var store = app.Services.GetRequiredService<IOutputCacheStore>();
        app.Use(async (http, next) =>
        {
            await next(http);
            var isWrite = !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method);
            if (isWrite && http.Response.StatusCode < StatusCodes.Status400BadRequest)
            {
                await store.EvictByTagAsync(Tag, CancellationToken.None);
            }
        });
        app.UseOutputCache();
        return app;
    }
}
