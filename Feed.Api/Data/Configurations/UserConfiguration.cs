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
        builder.HasIndex(u => u.Name).IsUnique();
        builder.Property(u => u.PasswordHash).HasMaxLength(256);
    }
}
