using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feed.Api.Data.Configurations;

/// <summary>Reports: one per (reporter, item); the admins' queue is the open ones, newest first.</summary>
public sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> builder)
    {
        builder.ToTable("Reports");
        builder.Property(r => r.Reason).HasMaxLength(FeedRules.ReportReasonMaxLength).IsUnicode(false);
        builder.Property(r => r.Details).HasMaxLength(FeedRules.ReportDetailsMaxLength);
        builder.Property(r => r.State).HasMaxLength(16).IsUnicode(false);
        builder.HasIndex(r => new { r.ReporterId, r.ItemId, r.CommentId }).IsUnique(); // once per user per item or comment
        builder.HasIndex(r => new { r.State, r.CreatedAt, r.Id }); // GET /admin/reports: one state, newest first
        builder.HasIndex(r => new { r.ItemId, r.State }); // resolving: every open report of the item at once
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.ReporterId).OnDelete(DeleteBehavior.Cascade);
    }
}
