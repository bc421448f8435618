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
        builder.Property(j => j.Digest).HasMaxLength(64).IsUnicode(false);
        builder.Property(j => j.Error).HasMaxLength(2000);
        builder.Property(j => j.Options).HasMaxLength(4000);
        builder.HasIndex(j => j.Active).IsUnique(); // many NULLs, one 1: at most one job queued or running, on every engine
    }
}
