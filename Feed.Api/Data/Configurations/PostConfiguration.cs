using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations;

public sealed class PostConfiguration : IEntityTypeConfiguration<Post>
{
    // Column names are pinned: a kind added later with a same-named field would otherwise make EF
    // rename this one (Post_Title), and a migration would leave the old rows' values behind.
    public void Configure(EntityTypeBuilder<Post> builder)
    {
        builder.Metadata.SetDiscriminatorValue(FeedKinds.Post);
        builder.Property(p => p.Title).HasMaxLength(FeedRules.TitleMaxLength).HasColumnName("Title");
        builder.Property(p => p.Body).HasMaxLength(FeedRules.BodyMaxLength).HasColumnName("Body");
    }
}
