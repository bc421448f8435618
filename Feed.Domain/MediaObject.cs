namespace Feed.Domain;

/// <summary>Where an upload is: its smallest rendition exists from the start, the others once rendered.</summary>
public enum MediaStatus
{
    /// <summary>The upload answered; the larger renditions are being rendered in the background.</summary>
    Processing,

    /// <summary>Every rendition is stored.</summary>
    Ready,

    /// <summary>Rendering gave up; the smallest rendition still exists.</summary>
    Failed,
}

/// <summary>
/// A picture someone uploaded: its size as displayed, a blurhash, the renditions stored under its
/// random <see cref="StorageToken"/>, alt text and a focal point. It belongs to its owner, to at most
/// one post (<see cref="ItemId"/>, at <see cref="Position"/>), or is someone's avatar; an upload
/// that is neither expires.
/// </summary>
public sealed class MediaObject
{
    public MediaObject(
        long ownerId, DateTime createdAt, string storageToken, int width, int height, string blurhash, IReadOnlyList<MediaFile> files)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), "A picture has a positive width and height.");
        }

        OwnerId = ownerId;
        CreatedAt = FeedTime.ToFeedPrecision(createdAt);
        StorageToken = MediaRules.RequireToken(storageToken);
        Width = width;
        Height = height;
        Blurhash = blurhash;
        Files = [.. files];
        Status = MediaStatus.Processing;
    }

    public long Id { get; private set; }

    public long OwnerId { get; private set; }

    /// <summary>UTC, whole microseconds; an unattached upload expires by it.</summary>
    public DateTime CreatedAt { get; private set; }

    public MediaStatus Status { get; private set; }

    /// <summary>As displayed: orientation applied.</summary>
    public int Width { get; private set; }

    public int Height { get; private set; }

    public string Blurhash { get; private set; }

    /// <summary>Null when none was given; at most <see cref="MediaRules.AltTextMaxLength"/> characters.</summary>
    public string? AltText { get; private set; }

    /// <summary>The focal point, Mastodon's convention: x from -1 (left) to 1 (right), y from -1 (bottom) to 1 (top).</summary>
    public double FocusX { get; private set; }

    public double FocusY { get; private set; }

    /// <summary>The renditions stored, smallest first.</summary>
    public IReadOnlyList<MediaFile> Files { get; private set; }

    /// <summary>
    /// Random and unguessable: it names the media's files, so a file's address reveals neither the id
    /// nor the owner, and one cannot be found by counting.
    /// </summary>
    public string StorageToken { get; private set; }

    /// <summary>The post it is attached to, or null.</summary>
    public long? ItemId { get; private set; }

    /// <summary>Its place among the post's media (0 to <see cref="MediaRules.MaxPerPost"/> - 1); 0 while unattached.</summary>
    public int Position { get; private set; }

    /// <summary>While a worker renders it, until when its claim holds; another worker may claim it after.</summary>
    public DateTime? ClaimedUntil { get; private set; }

    /// <summary>How many times rendering was claimed; past a limit the media is marked failed.</summary>
    public int Attempts { get; private set; }

    /// <summary>Sets the alt text: blank clears it; otherwise <see cref="FeedRules.RequireText"/>'s rule, multi-line.</summary>
    public void Describe(string? altText) =>
        AltText = string.IsNullOrWhiteSpace(altText)
            ? null
            : FeedRules.RequireText(altText, MediaRules.AltTextMaxLength, "altText", multiline: true);

    /// <summary>Sets the focal point; each coordinate in [-1, 1].</summary>
    public void FocusOn(double x, double y)
    {
        FocusX = MediaRules.RequireFocus(x, "focus.x");
        FocusY = MediaRules.RequireFocus(y, "focus.y");
    }

    /// <summary>The rendering is done: these renditions (the smallest one included) exist.</summary>
    public void Rendered(IEnumerable<MediaFile> files)
    {
        Files = [.. files.OrderBy(f => f.Width)];
        Status = MediaStatus.Ready;
        ClaimedUntil = null;
    }

    /// <summary>Rendering gave up: the media keeps its smallest rendition.</summary>
    public void RenderingFailed()
    {
        Status = MediaStatus.Failed;
        ClaimedUntil = null;
    }

    /// <summary>Attaches it to a post at <paramref name="position"/>; the caller checks the owner and the post's author.</summary>
    public void AttachTo(long itemId, int position)
    {
        if (position < 0 || position >= MediaRules.MaxPerPost)
        {
            throw new ArgumentOutOfRangeException(nameof(position), $"A post has at most {MediaRules.MaxPerPost} media.");
        }

        ItemId = itemId;
        Position = position;
    }

    public void Detach()
    {
        ItemId = null;
        Position = 0;
    }
}

/// <summary>One stored rendition: its name (<c>320</c>, <c>640</c>, <c>1080</c>, <c>original</c>), size and file extension.</summary>
public sealed record MediaFile(string Name, int Width, int Height, string Extension)
{
    /// <summary>The file's name under the media's token: <c>320.webp</c>.</summary>
    public string FileName => $"{Name}.{Extension}";
}
