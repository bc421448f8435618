using System.Net;
using Feed.Api.Plumbing.ConditionalGets;
using Feed.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Tests.Plumbing.ConditionalGets;

public sealed class ResponseBufferTests_Sqlite(ResponseBudgetSqliteApp app) : ResponseBufferTests<ResponseBudgetSqliteApp>(app);

public sealed class ResponseBufferTests_MariaDb(ResponseBudgetMariaDbApp app) : ResponseBufferTests<ResponseBudgetMariaDbApp>(app);

/// <summary>
/// What answers hold in memory (<see cref="ResponseBuffers"/>): a bounded pool, and a budget per instance past which a body is
/// streamed rather than held. A page of 100 long posts is ~1 MB, four times the budget.
/// </summary>
public abstract class ResponseBufferTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private ResponseBuffers Buffers => App.Services.GetRequiredService<ResponseBuffers>();

    public override async ValueTask InitializeAsync()
    {
        await App.ArrangeOnceAsync("long posts", async () =>
        {
            var author = (await App.AddUsersAsync(1, seed: 271))[0];
            await using var scope = App.Db();
            var now = DateTime.UtcNow;
            scope.Context.FeedItems.AddRange(Enumerable.Range(0, 100)
                .Select(i => new Post(
                    $"Long {i}", new string((char)('a' + i % 26), FeedRules.BodyMaxLength), author.Id, now.AddSeconds(-i))));
            await scope.Context.SaveChangesAsync(Cancel);
        });
    }

    [Fact]
    public async Task A_page_past_the_instances_budget_is_streamed_with_the_bytes_its_ETag_names_and_nothing_stays_held()
    {
        var client = App.CreateClient();

        var large = await client.GetAsync("/feed?limit=100", Cancel);
        var bytes = await large.Content.ReadAsByteArrayAsync(Cancel);
        var small = await client.GetAsync("/feed?limit=1", Cancel);
        var again = new HttpRequestMessage(HttpMethod.Get, "/feed?limit=100");
        again.Headers.IfNoneMatch.Add(large.Headers.ETag!);
        var notModified = await client.SendAsync(again, Cancel);

        large.StatusCode.Should().Be(HttpStatusCode.OK);
        bytes.Length.Should().BeGreaterThan(ResponseBudget.HeldBytes);
        large.Content.Headers.ContentLength.Should().Be(bytes.Length);
        large.Headers.ETag!.ToString().Should().Be(EntityTags.Of(bytes).ToString());
        small.StatusCode.Should().Be(HttpStatusCode.OK);
        notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);
        Buffers.Held.Should().Be(0);
    }

    [Fact]
    public async Task Blocks_returned_to_the_response_pool_past_its_cap_are_left_to_the_collector()
    {
        var pages = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => App.CreateClient().GetAsync("/feed?limit=100", Cancel)));

        pages.Select(p => p.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.OK);
        // The pool takes a block back while it is under its cap: it may end one block (or large buffer) past it, no more.
        var settings = Buffers.Manager.Settings;
        Buffers.Manager.SmallPoolFreeSize.Should().BeLessThanOrEqualTo(ResponseBudget.PoolFreeBytes + settings.BlockSize);
        Buffers.Manager.LargePoolFreeSize.Should().BeLessThanOrEqualTo(ResponseBudget.PoolFreeBytes + settings.LargeBufferMultiple);
    }
}
