using System.ComponentModel;
using Feed.Domain;

namespace Feed.Api.Reports;

/// <summary>Why an item is reported: one word of a fixed list, so the admins' queue can be sorted and counted by it.</summary>
public static class ReportReasons
{
    public static readonly IReadOnlyList<string> All = ["spam", "harassment", "hate", "violence", "nudity", "misinformation", "other"];

    public static string Listed => string.Join(", ", All);
}

/// <summary><c>POST /feed/{id}/reports</c> and <c>POST /comments/{id}/reports</c>.</summary>
public sealed record ReportRequest(
    [property: Description("Why: spam, harassment, hate, violence, nudity, misinformation or other.")] string? Reason,
    [property: Description("What you would add in your own words: at most 1000 characters, line breaks allowed; optional.")]
    string? Details = null)
{
    /// <summary>The request's errors by field, or null when it is valid; <paramref name="details"/> as it is stored.</summary>
    public Dictionary<string, string[]>? Errors(out string? details)
    {
        details = string.IsNullOrWhiteSpace(Details) ? null : Details.Trim();
        var errors = new Dictionary<string, string[]>();
        if (Reason is null || !ReportReasons.All.Contains(Reason))
        {
            errors["reason"] = [$"reason is one of: {ReportReasons.Listed}."];
        }

        try
        {
            if (details is not null)
            {
                FeedRules.RequireText(details, FeedRules.ReportDetailsMaxLength, "details", multiline: true);
            }
        }
        catch (TextRuleException e)
        {
            errors["details"] = [e.Message];
        }

        return errors.Count == 0 ? null : errors;
    }
}

/// <summary><c>POST /admin/reports/{id}/resolve</c>.</summary>
public sealed record ResolveReportRequest(
    [property: Description("`remove` deletes the item (as its author's delete does) and resolves every open report of it as " +
        "`removed` (for a comment's report: the comment, with its replies, and that comment's open reports); `dismiss` resolves " +
        "this report alone as `dismissed` and leaves the item.")] string? Action);

/// <summary>A report as its reporter and the admins see it.</summary>
public sealed record ReportResponse(
    long Id,
    [property: Description("The item reported, or the item the reported comment is under (`GET /feed/{id}`); it may be gone since.")]
    long ItemId,
    [property: Description("The comment reported (`GET /comments/{id}`); null when the report is of the item itself.")] long? CommentId,
    [property: Description("Whether what was reported (the item, or the comment) still exists: false once removed, or deleted.")]
    bool ItemExists,
    [property: Description("Who reported it.")] ReportUser Reporter,
    [property: Description("spam, harassment, hate, violence, nudity, misinformation or other.")] string Reason,
    [property: Description("The reporter's own words; null when none.")] string? Details,
    [property: Description("`open` until an admin resolves it, then `removed` (the item was deleted) or `dismissed`.")] string State,
    [property: Description("When it was filed: UTC, with microseconds.")] DateTime CreatedAt,
    [property: Description("The admin who resolved it; null while open.")] ReportUser? ResolvedBy,
    [property: Description("When it was resolved (UTC, with microseconds); null while open.")] DateTime? ResolvedAt);

/// <summary>A user as a report names them: an id, and the name while the account exists.</summary>
public sealed record ReportUser(long Id, [property: Description("Null once the account is gone.")] string? Name);
