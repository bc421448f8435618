using System.Text.Json.Serialization.Metadata;
using Feed.Domain;

namespace Feed.Api.Items;

public static class ItemsApi
{
    /// <summary>The kinds on the wire: each item's <c>type</c> (<see cref="ItemKinds.DescribeKinds"/>).</summary>
    public static IHostApplicationBuilder AddFeedItems(this IHostApplicationBuilder builder)
    {
        var missing = FeedKinds.All.Except(ItemKinds.All.Select(k => k.Name)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"No API for kind '{string.Join("', '", missing)}': add it to ItemKinds.All.");
        }

        // One order everywhere: the document's oneOf follows ItemKinds, its enums and profile counts FeedKinds.
        if (!ItemKinds.All.Select(k => k.Name).SequenceEqual(FeedKinds.All))
        {
            throw new InvalidOperationException(
                $"ItemKinds.All ({string.Join(", ", ItemKinds.All.Select(k => k.Name))}) must list the kinds of FeedKinds.All " +
                $"({string.Join(", ", FeedKinds.All)}), in the same order.");
        }

        builder.Services.AddOptions<ListingOptions>().BindConfiguration(ListingOptions.Section)
            .Validate(o => o.ScanPastHidden > 0, "Listings: ScanPastHidden must be positive.")
            .ValidateOnStart();
        builder.Services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.TypeInfoResolver = (o.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
                .WithAddedModifier(ItemKinds.DescribeKinds));
        return builder;
    }

    /// <summary>The mixed feed, then one group per kind, then an author's feed.</summary>
    public static IEndpointRouteBuilder MapItemsApi(this IEndpointRouteBuilder app)
    {
        app.MapFeedApi();
        foreach (var kind in ItemKinds.All)
        {
            kind.Map(app);
        }

        app.MapAuthorFeedApi();
        return app;
    }
}
