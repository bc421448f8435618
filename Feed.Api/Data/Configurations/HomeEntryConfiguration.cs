using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations;

/// <summary>
/// The homes: keyed by (item, owner), so a delivery done twice (a chunk retried, two cluster nodes
/// on one job) is one row, and an item's rows go with it by cascade. A page reads one of the owner's
/// covering indexes backwards: (owner, time, item), or (owner, kind, time, item) for <c>types=</c>.
/// </summary>
public sealed class HomeEntryConfiguration : IEntityTypeConfiguration<HomeEntry>
{
    public void Configure(EntityTypeBuilder<HomeEntry> builder)
    {
        builder.ToTable("HomeEntries");
        builder.HasKey(h => new { h.ItemId, h.OwnerId });
        builder.Property(h => h.Kind).HasMaxLength(8).IsUnicode(false);
        builder.HasIndex(h => new { h.OwnerId, h.ArrivedAt, h.ItemId });
        builder.HasIndex(h => new { h.OwnerId, h.Kind, h.ArrivedAt, h.ItemId });
        builder.HasIndex(h => new { h.OwnerId, h.AuthorId }); // an unfollow removes the followee's items
        builder.HasOne<FeedItem>().WithMany().HasForeignKey(h => h.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(h => h.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Fan-out jobs: claimed oldest first; one per item, gone with the item.</summary>
public sealed class HomeFanOutConfiguration : IEntityTypeConfiguration<HomeFanOut>
{
    public void Configure(EntityTypeBuilder<HomeFanOut> builder)
    {
        builder.ToTable("HomeFanOuts");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Kind).HasMaxLength(8).IsUnicode(false);
        builder.HasIndex(j => j.ItemId).IsUnique();
        builder.HasOne<FeedItem>().WithMany().HasForeignKey(j => j.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}
