using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations.Conversations;

/// <summary>
/// Notifications: one group per (recipient, kind, subject, window), which the unique key keeps one; a recipient's list,
/// unread count and stream are ranges of <c>(RecipientId, Seq)</c>. They go with their recipient, their item and the
/// person they name.
/// </summary>
public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("Notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Kind).HasMaxLength(8).IsUnicode(false);
        builder.HasIndex(n => new { n.RecipientId, n.Kind, n.SubjectId, n.WindowStart }).IsUnique();
        builder.HasIndex(n => new { n.RecipientId, n.Seq }).IsUnique();
        builder.HasIndex(n => n.ItemId);
        builder.HasIndex(n => n.LatestActorId);
        builder.HasOne<User>().WithMany().HasForeignKey(n => n.RecipientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(n => n.LatestActorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<FeedItem>().WithMany().HasForeignKey(n => n.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}
