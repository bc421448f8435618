using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations.Conversations;

/// <summary>
/// Comments: a conversation is a range of <c>(ItemId, ThreadAt, Id)</c>, in thread order; a comment's replies are a
/// range of <c>(ReplyToId, ThreadAt, Id)</c>. Deleting the item (or the comment a reply answers) deletes them.
/// </summary>
public sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> builder)
    {
        builder.ToTable("Comments");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Text).HasMaxLength(FeedRules.CommentMaxLength);
        builder.HasIndex(c => new { c.ItemId, c.ThreadAt, c.Id }); // GET /feed/{id}/comments
        builder.HasIndex(c => new { c.ReplyToId, c.ThreadAt, c.Id }); // GET /comments/{id}/replies
        builder.HasIndex(c => new { c.AuthorId, c.Id }); // an account's deletion, in chunks
        builder.HasOne<FeedItem>().WithMany().HasForeignKey(c => c.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Comment>().WithMany().HasForeignKey(c => c.ReplyToId).OnDelete(DeleteBehavior.Cascade);
    }
}
