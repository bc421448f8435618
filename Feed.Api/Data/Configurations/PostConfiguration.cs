using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations;

public sealed class PostConfiguration : IEntityTypeConfiguration<Post>
{
    public void Configure(EntityTypeBuilder<Post> builder)
    {
        builder.Metadata.SetDiscriminatorValue(FeedKinds.Post);
        builder.Property(p => p.Title).HasMaxLength(FeedRules.TitleMaxLength);
        builder.Property(p => p.Body).HasMaxLength(FeedRules.BodyMaxLength);
    }
}
