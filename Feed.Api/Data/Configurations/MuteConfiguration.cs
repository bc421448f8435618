using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations;

/// <summary>One row per (muter, muted): the primary key makes muting idempotent; both ends go with their users.</summary>
public sealed class MuteConfiguration : IEntityTypeConfiguration<Mute>
{
    public void Configure(EntityTypeBuilder<Mute> builder)
    {
        builder.ToTable("Mutes");
        builder.HasKey(m => new { m.MuterId, m.MutedId });
        builder.HasIndex(m => new { m.MuterId, m.CreatedAt, m.MutedId }); // GET /me/mutes, newest first
        builder.HasIndex(m => m.MutedId); // the cascade when the muted account is deleted
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.MuterId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.MutedId).OnDelete(DeleteBehavior.Cascade);
    }
}
