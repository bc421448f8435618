using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations;

public sealed class GameConfiguration : IEntityTypeConfiguration<Game>
{
    // Column names are pinned: a kind added later with a same-named field would otherwise make EF
    // rename this one (Post_Title), and a migration would leave the old rows' values behind.
    public void Configure(EntityTypeBuilder<Game> builder)
    {
        builder.Metadata.SetDiscriminatorValue(FeedKinds.Game);
        builder.Property(g => g.GameName).HasMaxLength(FeedRules.GameNameMaxLength).HasColumnName("GameName");
        builder.Property(g => g.GameLocation).HasMaxLength(FeedRules.GameLocationMaxLength).HasColumnName("GameLocation");
    }
}
