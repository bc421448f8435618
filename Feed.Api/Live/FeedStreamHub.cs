using System.Collections.Concurrent;
using System.Threading.Channels;
using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Feed.Api.Live;

/// <summary>The <c>Stream</c> configuration section.</summary>
public sealed class StreamOptions
{
    public const string Section = "Stream";

    /// <summary>How often this instance reads the change log for all of its subscribers (one query).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A comment line this often keeps proxies and mobile networks from closing an idle stream.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>What a client waits before reconnecting (the stream's <c>retry:</c>).</summary>
    public TimeSpan Retry { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Open streams per instance; past it, 429.</summary>
    public int MaxSubscribers { get; set; } = 5_000;

    /// <summary>Open streams per client address; past it, 429.</summary>
    public int MaxPerAddress { get; set; } = 20;

    /// <summary>Events a stream reads from the log at a time when it catches up, each page written before the next is read.</summary>
    public int CatchUpPage { get; set; } = 16;

    /// <summary>
    /// Bytes of events a stream may replay from the log by itself (after <c>Last-Event-ID</c>, or the
    /// gaps a slow reader leaves) in one connection: past it, the stream is too far behind, and is
    /// closed with a <c>reconnect</c> event; the client resumes with <c>Last-Event-ID</c>.
    /// </summary>
    public long CatchUpBudget { get; set; } = 4 * 1024 * 1024;

    /// <summary>How long a write may wait for the client to read: past it, the connection is closed.</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The changes from one read of the log: everything after <see cref="From"/> up to <see cref="To"/>.</summary>
public sealed record FeedEventBatch(long From, long To, IReadOnlyList<FeedEvent> Events);

/// <summary>One open stream: its listing and its queue of batches.</summary>
public sealed class StreamSubscriber(FeedListing listing, string address)
{
    public FeedListing Listing { get; } = listing;

    public string Address { get; } = address;

    private long _start = -1;

    /// <summary>Where the subscriber starts reading the log; -1 until it knows. A hub that wakes up starts from the lowest.</summary>
    public long Start
    {
        get => Volatile.Read(ref _start);
        set => Volatile.Write(ref _start, value);
    }

    /// <summary>
    /// A slow reader loses the oldest batches, never blocks the hub, and holds at most a few seconds of
    /// them: the gap is read again from the log, within the stream's catch-up budget.
    /// </summary>
    public Channel<FeedEventBatch> Batches { get; } = Channel.CreateBounded<FeedEventBatch>(
        new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
}

/// <summary>
/// One reader of the change log per instance, whatever the number of subscribers: every poll
/// interval, while anyone listens, one query for the changes after the last one read, handed to
/// every subscriber. Idle, it reads nothing; woken, it starts where its earliest subscriber started,
/// so every change after a subscriber's start is in a batch it receives (a subscriber that joins
/// a running hub has read the log up to a head that the hub has not passed yet). Instances share
/// nothing but the database; a subscriber that misses a batch (it connected meanwhile, or read too
/// slowly) reads the gap from the log itself.
/// </summary>
public sealed class FeedStreamHub(
    IServiceScopeFactory scopes, IOptions<StreamOptions> options, IOptions<JsonOptions> json, MediaUrls urls, ILogger<FeedStreamHub> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<StreamSubscriber, byte> _subscribers = new();
    private readonly ConcurrentDictionary<string, int> _perAddress = new();
    private long _last = -1;

    private int _open;

    /// <summary>Open streams on this instance, of every kind.</summary>
    public int Count => Volatile.Read(ref _open);

    /// <summary>Registers a stream, or null when this instance or this address has as many as allowed.</summary>
    public StreamSubscriber? TrySubscribe(FeedListing listing, string address)
    {
        if (!TryTakeSlot(address))
        {
            return null;
        }

        var subscriber = new StreamSubscriber(listing, address);
        _subscribers.TryAdd(subscriber, 0);
        return subscriber;
    }

    public void Unsubscribe(StreamSubscriber subscriber)
    {
        if (_subscribers.TryRemove(subscriber, out _))
        {
            ReleaseSlot(subscriber.Address);
        }
    }

    /// <summary>
    /// Counts a stream that reads its own source (a home's) against the same caps as the change log's
    /// subscribers, without receiving their batches; false when this instance or this address is full.
    /// </summary>
    public bool TryTakeSlot(string address)
    {
        var limits = options.Value;
        if (Interlocked.Increment(ref _open) > limits.MaxSubscribers)
        {
            Interlocked.Decrement(ref _open);
            return false;
        }

        if (_perAddress.AddOrUpdate(address, 1, (_, n) => n + 1) > limits.MaxPerAddress)
        {
            ReleaseSlot(address); // undo exactly the counts taken above
            return false;
        }

        return true;
    }

    public void ReleaseSlot(string address)
    {
        Interlocked.Decrement(ref _open);
        if (_perAddress.AddOrUpdate(address, 0, (_, n) => n - 1) <= 0)
        {
            _perAddress.TryRemove(new KeyValuePair<string, int>(address, 0));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        AsyncServiceScope? scope = null;
        FeedReadDbContext? db = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (_subscribers.IsEmpty)
                {
                    _last = -1; // idle: no query at all, and no connection held
                    await DisposeAsync(scope);
                    (scope, db) = (null, null);
                    continue;
                }

                if (_last < 0)
                {
                    var starts = _subscribers.Keys.Select(s => s.Start).ToList();
                    if (starts.Any(start => start < 0))
                    {
                        continue; // a subscriber is still reading where it starts
                    }

                    _last = starts.Min();
                }

                try
                {
                    if (db is null)
                    {
                        // One connection kept open while anyone listens: a poll is one statement, not a pool checkout and reset.
                        scope = scopes.CreateAsyncScope();
                        db = scope.Value.ServiceProvider.GetRequiredService<FeedReadDbContext>();
                        await db.Database.OpenConnectionAsync(stoppingToken);
                    }

                    var (changes, last, _) = await FeedEvents.ReadAsync(db, _last, long.MaxValue, FeedListing.Of(), 1_000, stoppingToken);
                    if (last == _last)
                    {
                        continue;
                    }

                    var events = changes.Select(c => FeedEvents.ToEvent(c, json.Value.SerializerOptions, urls))
                        .OfType<FeedEvent>().ToList();
                    var batch = new FeedEventBatch(_last, last, events);
                    _last = last;
                    foreach (var subscriber in _subscribers.Keys)
                    {
                        subscriber.Batches.Writer.TryWrite(batch);
                    }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(
                        e,
                        "Reading the change log for {Subscribers} stream subscribers failed; trying again at the next poll.",
                        _subscribers.Count);
                    await DisposeAsync(scope);
                    (scope, db) = (null, null); // a new connection next time (the database may have restarted)
                }
            }
        }
        finally
        {
            await DisposeAsync(scope);
        }
    }

    private static async Task DisposeAsync(AsyncServiceScope? scope)
    {
        if (scope is { } open)
        {
            await open.DisposeAsync();
        }
    }
}
