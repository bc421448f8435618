using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations;

/// <summary>Idempotency keys, per user; expired rows are swept by the writes that add new ones.</summary>
public sealed class IdempotentRequestConfiguration : IEntityTypeConfiguration<IdempotentRequest>
{
    public void Configure(EntityTypeBuilder<IdempotentRequest> builder)
    {
        builder.ToTable("IdempotentRequests");
        builder.HasKey(r => new { r.UserId, r.Key });
        builder.Property(r => r.Key).HasMaxLength(IdempotentRequest.KeyMaxLength).IsUnicode(false); // visible ASCII only
        builder.Property(r => r.RequestHash).HasMaxLength(32);
        builder.Property(r => r.ContentType).HasMaxLength(100).IsUnicode(false);
        builder.Property(r => r.Location).HasMaxLength(200).IsUnicode(false);
        builder.HasIndex(r => r.ExpiresAt);
        builder.HasOne<Feed.Domain.User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
