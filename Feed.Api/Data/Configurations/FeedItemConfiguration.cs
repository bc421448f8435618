using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations;

/// <summary>All kinds of item in one table (TPH), told apart by <see cref="FeedDbContext.Discriminator"/>.</summary>
public sealed class FeedItemConfiguration : IEntityTypeConfiguration<FeedItem>
{
    public void Configure(EntityTypeBuilder<FeedItem> builder)
    {
        builder.ToTable("FeedItems");
        builder.HasKey(i => i.Id);
        builder.Ignore(i => i.Kind);

        builder.HasDiscriminator<string>(FeedDbContext.Discriminator)
            .HasValue<Post>(FeedKinds.Post)
            .HasValue<Game>(FeedKinds.Game)
            .HasValue<Team>(FeedKinds.Team);
        builder.Property<string>(FeedDbContext.Discriminator).HasMaxLength(8).IsUnicode(false);

        builder.HasOne(i => i.Author).WithMany().HasForeignKey(i => i.AuthorId).OnDelete(DeleteBehavior.Restrict);

        // The feed's order is (CreatedAt desc, Id desc); both indexes serve it as backward range scans.
        builder.HasIndex(i => new { i.CreatedAt, i.Id }).HasDatabaseName("IX_FeedItems_CreatedAt_Id");
        builder.HasIndex(FeedDbContext.Discriminator, nameof(FeedItem.CreatedAt), nameof(FeedItem.Id))
            .HasDatabaseName("IX_FeedItems_Discriminator_CreatedAt_Id");
    }
}

public sealed class PostConfiguration : IEntityTypeConfiguration<Post>
{
    public void Configure(EntityTypeBuilder<Post> builder)
    {
        builder.Property(p => p.Title).HasMaxLength(FeedRules.TitleMaxLength);
        builder.Property(p => p.Body).HasMaxLength(FeedRules.BodyMaxLength);
    }
}

public sealed class GameConfiguration : IEntityTypeConfiguration<Game>
{
    public void Configure(EntityTypeBuilder<Game> builder)
    {
        builder.Property(g => g.GameName).HasMaxLength(FeedRules.GameNameMaxLength);
        builder.Property(g => g.GameLocation).HasMaxLength(FeedRules.GameLocationMaxLength);
    }
}

public sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder) =>
        builder.Property(t => t.RoomName).HasMaxLength(FeedRules.RoomNameMaxLength);
}
