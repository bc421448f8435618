using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations;

/// <summary>One row per (blocker, blocked): the primary key makes blocking idempotent; both ends go with their users.</summary>
public sealed class BlockConfiguration : IEntityTypeConfiguration<Block>
{
    public void Configure(EntityTypeBuilder<Block> builder)
    {
        builder.ToTable("Blocks");
        builder.HasKey(b => new { b.BlockerId, b.BlockedId });
        builder.HasIndex(b => new { b.BlockedId, b.BlockerId }); // who blocked me: hidden from them too
        builder.HasIndex(b => new { b.BlockerId, b.CreatedAt, b.BlockedId }); // GET /me/blocks, newest first
        builder.HasOne<User>().WithMany().HasForeignKey(b => b.BlockerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(b => b.BlockedId).OnDelete(DeleteBehavior.Cascade);
    }
}
