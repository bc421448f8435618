using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations;

/// <summary>The deletions queue: one per account, claimed by the earliest <c>NotBefore</c>, gone with the user.</summary>
public sealed class AccountDeletionConfiguration : IEntityTypeConfiguration<AccountDeletion>
{
    public void Configure(EntityTypeBuilder<AccountDeletion> builder)
    {
        builder.ToTable("AccountDeletions");
        builder.HasIndex(d => d.UserId).IsUnique(); // a retried DELETE /me queues nothing twice
        builder.HasIndex(d => d.NotBefore);
        builder.HasOne<User>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
