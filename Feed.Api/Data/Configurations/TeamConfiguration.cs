using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations;

public sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    // Column names are pinned: a kind added later with a same-named field would otherwise make EF
    // rename this one (Post_Title), and a migration would leave the old rows' values behind.
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.Metadata.SetDiscriminatorValue(FeedKinds.Team);
        builder.Property(t => t.RoomName).HasMaxLength(FeedRules.RoomNameMaxLength).HasColumnName("RoomName");
    }
}
