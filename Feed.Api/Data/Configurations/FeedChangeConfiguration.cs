using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations;

/// <summary>The change log: no foreign key to the item, which may be gone (that is the point of a deletion's row).</summary>
public sealed class FeedChangeConfiguration : IEntityTypeConfiguration<FeedChange>
{
    public void Configure(EntityTypeBuilder<FeedChange> builder)
    {
        builder.ToTable("FeedChanges");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Kind).HasMaxLength(8).IsUnicode(false);
        builder.Property(c => c.Change).HasMaxLength(8).IsUnicode(false);
        builder.HasIndex(c => new { c.At, c.Id }); // read in (At, Id) order from a token; swept by At
    }
}
