using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations;

public sealed class GameConfiguration : IEntityTypeConfiguration<Game>
{
    public void Configure(EntityTypeBuilder<Game> builder)
    {
        builder.Metadata.SetDiscriminatorValue(FeedKinds.Game);
        builder.Property(g => g.GameName).HasMaxLength(FeedRules.GameNameMaxLength);
        builder.Property(g => g.GameLocation).HasMaxLength(FeedRules.GameLocationMaxLength);
    }
}
