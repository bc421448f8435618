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
        builder.HasIndex(c => c.Seq).IsUnique().HasDatabaseName(Resilience.ChangeSeqIndex); // read from a position, in commit order
        builder.HasIndex(c => c.At);             // swept by age
        builder.HasIndex(c => new { c.Kind, c.Seq }); // a listing of some kinds reads only theirs
        builder.HasIndex(c => new { c.ItemId, c.Change }); // an item's counts row, moved by each like or join
    }
}

/// <summary>The counters; the change log's row exists from the first migration on, its swept mark from ChangeLogCounts.</summary>
public sealed class FeedSequenceConfiguration : IEntityTypeConfiguration<FeedSequence>
{
    public void Configure(EntityTypeBuilder<FeedSequence> builder)
    {
        builder.ToTable("FeedSequences");
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(16).IsUnicode(false);
        builder.HasData(
            new FeedSequence { Name = FeedSequence.Changes, Value = 0 },
            new FeedSequence { Name = FeedSequence.Swept, Value = 0 });
    }
}
