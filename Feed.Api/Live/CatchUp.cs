using System.Text.Json;
using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Media;

namespace Feed.Api.Live;

/// <summary>
/// What one stream replays from the log by itself (after <c>Last-Event-ID</c>, or a gap it missed):
/// small pages, each written as it is read, so a stream holds one page of items at a time however
/// far back it starts; every page scans at most <see cref="ChangeLogOptions.ScanLimit"/> rows of the log. The events
/// of <paramref name="hidden"/> authors are not sent.
/// </summary>
public sealed class CatchUp(
    FeedDbContext db,
    FeedListing listing,
    ChangeLogOptions log,
    int page,
    JsonSerializerOptions json,
    MediaUrls urls,
    EventSink sink,
    IReadOnlySet<long> hidden)
{
    /// <summary>
    /// Writes every event of the log after <paramref name="covered"/> and answers how far that covers:
    /// the head as it was when the last read began (everything up to it had committed by then: the
    /// numbers follow commit order). Null when the stream went past its budget and was closed with a reason.
    /// </summary>
    public async Task<long?> RunAsync(long covered, CancellationToken cancellationToken)
    {
        var end = covered;
        while (true)
        {
            if (covered >= end)
            {
                (end, _) = await ChangeLogReads.ScanWindowAsync(db, covered, log, cancellationToken);
                if (end <= covered)
                {
                    return covered;
                }
            }

            var (changes, reached, _) = await FeedEvents.ReadAsync(db, covered, end, listing, page, cancellationToken);
            foreach (var change in changes)
            {
                if (!hidden.Contains(change.Change.AuthorId) && FeedEvents.ToEvent(change, json, urls) is { } e)
                {
                    await sink.EventAsync(e, catchingUp: true);
                }
            }

            await sink.FlushAsync();
            covered = reached;
            if (sink.OverBudget)
            {
                await sink.CloseBehindAsync(json);
                return null;
            }
        }
    }
}
