using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations;

public sealed class MediaDeletionConfiguration : IEntityTypeConfiguration<MediaDeletion>
{
    public void Configure(EntityTypeBuilder<MediaDeletion> builder)
    {
        builder.ToTable("MediaDeletions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Key).HasMaxLength(MediaDeletion.KeyMaxLength).IsUnicode(false);
        builder.HasIndex(d => d.NotBefore); // the worker: what is due, oldest first
    }
}
