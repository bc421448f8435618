using Feed.Api.Data;
using Feed.Api.Users;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feed.Api.Items;

public static class ItemWrites
{
    /// <summary>Stores a new item by the caller and answers 201 with its location and the item.</summary>
    public static async Task<Created<TResponse>> CreateAsync<TResponse>(
        FeedDbContext db, HttpContext http, FeedItem item, string path, CancellationToken cancellationToken)
        where TResponse : FeedItemResponse
    {
        db.FeedItems.Add(item);
        await db.SaveChangesAsync(cancellationToken);
        var response = (TResponse)FeedItemResponse.From(new FeedEntry(item, http.User.UserName(), LikedByMe: false, JoinedByMe: false));
        return TypedResults.Created($"{path}/{item.Id}", response);
    }
}
