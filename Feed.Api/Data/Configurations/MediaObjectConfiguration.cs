using System.Globalization;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Feed.Api.Data.Configurations;

/// <summary>
/// Media in their own table. The renditions are one short text column
/// (<c>320=320x240.webp;640=640x480.webp</c>): an item page reads its media's files with the rest
/// of the row, no join per rendition.
/// </summary>
public sealed class MediaObjectConfiguration : IEntityTypeConfiguration<MediaObject>
{
    public void Configure(EntityTypeBuilder<MediaObject> builder)
    {
        builder.ToTable("Media");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(10).IsUnicode(false);
        builder.Property(m => m.Blurhash).HasMaxLength(100).IsUnicode(false);
        builder.Property(m => m.AltText).HasMaxLength(MediaRules.AltTextMaxLength);
        builder.Property(m => m.StorageToken).HasMaxLength(MediaRules.TokenLength).IsUnicode(false);
        builder.HasIndex(m => m.StorageToken).IsUnique();
        builder.Property(m => m.Files).HasConversion(FilesConverter, FilesComparer).HasMaxLength(200).IsUnicode(false);

        // Account deletion (issue 29) deletes the media first, enqueuing their files: a cascade here would orphan them.
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.OwnerId).OnDelete(DeleteBehavior.Restrict);
        // A post's delete takes its media (and their files) in its transaction; should one be missed, it
        // becomes unattached and the expiry sweep takes it with its files.
        builder.HasOne<FeedItem>().WithMany().HasForeignKey(m => m.ItemId).OnDelete(DeleteBehavior.SetNull);

        // A post's media in order, each place once (NULLs, the unattached, do not collide).
        builder.HasIndex(m => new { m.ItemId, m.Position }).IsUnique();
        // The owner's unattached uploads by age (what a user has pending); it covers the owner's foreign key.
        builder.HasIndex(m => new { m.OwnerId, m.ItemId, m.CreatedAt });
        // The expiry sweep: every owner's unattached uploads, oldest first.
        builder.HasIndex(m => new { m.ItemId, m.CreatedAt });
        // The render workers' claim: the oldest processing media.
        builder.HasIndex(m => new { m.Status, m.Id });
    }

    private static readonly ValueConverter<IReadOnlyList<MediaFile>, string> FilesConverter = new(
        files => string.Join(';', files.Select(f => $"{f.Name}={f.Width}x{f.Height}.{f.Extension}")),
        text => ParseFiles(text));

    private static readonly ValueComparer<IReadOnlyList<MediaFile>> FilesComparer = new(
        (a, b) => a!.SequenceEqual(b!),
        files => files.Aggregate(0, (hash, f) => HashCode.Combine(hash, f)),
        files => files.ToList());

    private static List<MediaFile> ParseFiles(string text) =>
        [.. text.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(ParseFile)];

    private static MediaFile ParseFile(string text)
    {
        var (name, rest) = Split(text, '=');
        var (size, extension) = Split(rest, '.');
        var (width, height) = Split(size, 'x');
        return new MediaFile(name, Number(width), Number(height), extension);
    }

    private static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    private static (string, string) Split(string text, char at) =>
        text.IndexOf(at) is var i and >= 0 ? (text[..i], text[(i + 1)..]) : (text, "");
}
