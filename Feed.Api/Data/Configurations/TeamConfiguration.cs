using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations;

public sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.Metadata.SetDiscriminatorValue(FeedKinds.Team);
        builder.Property(t => t.RoomName).HasMaxLength(FeedRules.RoomNameMaxLength);
    }
}
