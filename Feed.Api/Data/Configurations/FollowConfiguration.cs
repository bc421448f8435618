using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations;

/// <summary>One row per (follower, followee): the primary key makes following idempotent.</summary>
public sealed class FollowConfiguration : IEntityTypeConfiguration<Follow>
{
    public void Configure(EntityTypeBuilder<Follow> builder)
    {
        builder.ToTable("Follows");
        builder.HasKey(f => new { f.FollowerId, f.FolloweeId });
        builder.HasIndex(f => new { f.FolloweeId, f.FollowerId }); // fan-out: a followee's followers in id order, in chunks
        builder.HasIndex(f => new { f.FolloweeId, f.CreatedAt, f.FollowerId }); // /users/{id}/followers, newest first
        builder.HasIndex(f => new { f.FollowerId, f.CreatedAt, f.FolloweeId }); // /users/{id}/following, newest first
        builder.HasOne<User>().WithMany().HasForeignKey(f => f.FollowerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(f => f.FolloweeId).OnDelete(DeleteBehavior.Cascade);
    }
}
