using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations;

public sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("Users");
        builder.Property(u => u.Name).HasMaxLength(FeedRules.UserNameMaxLength);
        builder.Property(u => u.NormalizedName).HasMaxLength(FeedRules.UserNameMaxLength);
        // Unique without regard to case or compatibility forms, the same on every engine.
        builder.HasIndex(u => u.NormalizedName).IsUnique();
        builder.Property(u => u.SecurityStamp).HasMaxLength(32).IsUnicode(false);
        builder.Property(u => u.PasswordHash).HasMaxLength(256);
        builder.Property(u => u.DisplayName).HasMaxLength(FeedRules.DisplayNameMaxLength);
        builder.Property(u => u.Bio).HasMaxLength(FeedRules.BioMaxLength);
        builder.HasIndex(u => u.PulledSince); // the few whose items are read into homes at read time
        // The avatar is one of the user's media; deleting that media clears it.
        builder.HasOne<MediaObject>().WithMany().HasForeignKey(u => u.AvatarMediaId).OnDelete(DeleteBehavior.SetNull);
    }
}
