using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations;

public sealed class SeedJobConfiguration : IEntityTypeConfiguration<SeedJob>
{
    public void Configure(EntityTypeBuilder<SeedJob> builder)
    {
        builder.ToTable("SeedJobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.State).HasMaxLength(10).IsUnicode(false);
        builder.Property(j => j.Owner).HasMaxLength(100).IsUnicode(false);
        builder.Property(j => j.Digest).HasMaxLength(80).IsUnicode(false); // sha256: and 64 hex digits
        builder.Property(j => j.Phase).HasMaxLength(16).IsUnicode(false);
        builder.Property(j => j.RequestedByName).HasMaxLength(FeedRules.UserNameMaxLength);
        builder.Property(j => j.CancelledByName).HasMaxLength(FeedRules.UserNameMaxLength);
        builder.Property(j => j.Error).HasMaxLength(2000);
        builder.Property(j => j.Options).HasMaxLength(4000);
        builder.HasIndex(j => j.Active).IsUnique(); // many NULLs, one 1: at most one job queued or running, on every engine
        builder.HasIndex(j => new { j.CreatedAt, j.Id }); // the listing, newest first (keyset)
    }
}
