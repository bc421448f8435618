using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations;

/// <summary>
/// All kinds of item in one table (TPH), told apart by <see cref="FeedDbContext.Discriminator"/>:
/// one configuration per kind beside this one.
/// </summary>
public sealed class FeedItemConfiguration : IEntityTypeConfiguration<FeedItem>
{
    public void Configure(EntityTypeBuilder<FeedItem> builder)
    {
        builder.ToTable("FeedItems");
        builder.HasKey(i => i.Id);
        builder.Ignore(i => i.Kind);

        // Each kind's configuration sets its own value (its Kind), beside its columns.
        builder.HasDiscriminator<string>(FeedDbContext.Discriminator);
        builder.Property<string>(FeedDbContext.Discriminator).HasMaxLength(8).IsUnicode(false);

        builder.HasOne(i => i.Author).WithMany().HasForeignKey(i => i.AuthorId).OnDelete(DeleteBehavior.Restrict);

        // The feed's order is (CreatedAt desc, Id desc); both indexes serve it as backward range scans.
        builder.HasIndex(i => new { i.CreatedAt, i.Id }).HasDatabaseName("IX_FeedItems_CreatedAt_Id");
        builder.HasIndex(FeedDbContext.Discriminator, nameof(FeedItem.CreatedAt), nameof(FeedItem.Id))
            .HasDatabaseName("IX_FeedItems_Discriminator_CreatedAt_Id");

        // An author's feed (/users/{id}/items), and their item counts: a range of this index. It
        // covers the author's foreign key, so EF drops the key's own single-column index.
        builder.HasIndex(i => new { i.AuthorId, i.CreatedAt, i.Id }).HasDatabaseName("IX_FeedItems_AuthorId_CreatedAt_Id");
    }
}
