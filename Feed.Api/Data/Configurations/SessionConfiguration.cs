using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations;

/// <summary>Sessions: looked up by id (the refresh token and the access token carry it), listed per user.</summary>
public sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> builder)
    {
        builder.ToTable("Sessions");
        builder.Property(s => s.Secret).HasMaxLength(Session.SecretLength).IsUnicode(false);
        builder.Property(s => s.Device).HasMaxLength(Session.DeviceMaxLength);
        builder.HasIndex(s => new { s.UserId, s.Id }); // GET /me/sessions; revoking all of a user's
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
