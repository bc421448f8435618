using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Paging;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Safety;

/// <summary>
/// A compiled page (<see cref="Keyset.Compile"/> of the query built for a template request) reads what the query built
/// for the request itself reads: the anchor, the caller and the limit are parameters, nothing of the template is left.
/// </summary>
public abstract partial class ScreenedFeedTests<TApp>
{
    [Fact]
    public async Task A_compiled_page_reads_the_rows_the_query_built_for_its_request_reads_for_any_caller_direction_and_limit()
    {
        await using var scope = App.Db();
        var db = scope.Context;
        var liked = await db.FeedItems.Where(i => i.AuthorId == Other.Id).OrderBy(i => i.Id).Select(i => i.Id).Take(3).ToListAsync(Cancel);
        foreach (var id in liked)
        {
            (await App.ClientFor(Me).PutAsync($"/feed/{id}/like", null, Cancel)).IsSuccessStatusCode.Should().BeTrue();
        }

        long?[] callers = [null, Me.Id, Blocked.Id, Blocker.Id, Other.Id];
        var compared = 0;
        foreach (var listing in new[] { FeedListing.Of(), FeedListing.Of(FeedKinds.Post, FeedKinds.Team), FeedListing.Of(FeedKinds.Game) })
        {
            var positions = await ItemReads.ItemsOf(db, listing).OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
                .Select(i => new FeedPosition(i.CreatedAt, i.Id)).ToListAsync(Cancel);
            var anchors = new[] { 0, 5, 65, positions.Count / 2, positions.Count - 3 }.Select(i => positions[i]).ToList();
            foreach (var direction in new[] { PageDirection.First, PageDirection.Before, PageDirection.After })
            {
                foreach (var signedIn in new[] { false, true })
                {
                    var template = Keyset.Template(new PageRequest(listing.Scope, direction, anchors[0], 20, signedIn ? Me.Id : null));
                    var compiled = Keyset.Compile<FeedDbContext, FeedRow>(ItemReads.PageQuery(db, listing, template, Extra));
                    foreach (var caller in callers.Where(c => c.HasValue == signedIn))
                    {
                        foreach (var (anchor, limit) in anchors.Zip([20, 7, 1, 13, 100]))
                        {
                            var page = new PageRequest(listing.Scope, direction, anchor, limit, caller);
                            var read = FeedRows.Entries(await compiled.Run(db, page).ToListAsync(Cancel));
                            var built = await ItemReads.PageQuery(db, listing, page, Extra).ToEntriesAsync(Cancel);

                            read.Select(e => (e.Item.Id, e.LikedByMe, e.JoinedByMe, e.Edge)).Order()
                                .Should().Equal(built.Select(e => (e.Item.Id, e.LikedByMe, e.JoinedByMe, e.Edge)).Order());
                            built.Should().NotBeEmpty();
                            compared++;
                        }
                    }
                }
            }
        }

        compared.Should().Be(3 * 3 * 5 * 5);
    }
}
