using Feed.Api.Paging;
using Feed.Api.Plumbing.Documentation;
using Feed.Domain;
using static Feed.Api.Plumbing.Documentation.ExampleTime;

namespace Feed.Api.Reports;

/// <summary>What the document says of reports beyond their endpoints: their tag, ids, cursors and examples.</summary>
public static class ReportsDocs
{
    public static void Declare(ApiNotes notes) => notes
        .Tag("Reports", "Report an item that breaks the rules; admins list the reports and resolve them (remove the item, or dismiss).")
        .PathId("admin/reports", "The report's id.", 1)
        .CursorScope("admin/reports", _ => ReportsEndpoints.Scope(Report.Open))
        // Sent as it stands, to an item of someone else's, it files a report once; sent again, it answers that one.
        .Example(new ReportRequest("spam", "The same link posted in every game this week."))
        .Example(new ResolveReportRequest("dismiss"))
        .Example(new ReportUser(31, "me-1764928800-417"))
        .Example(Reports[0])
        .Example(Page());

    private static readonly ReportResponse[] Reports =
    [
        new(14, 1042, null, true, new ReportUser(31, "me-1764928800-417"), "spam", "The same link posted in every game this week.",
            Report.Open, Utc("2026-11-25T10:02:11.318204Z"), null, null),
        new(12, 1038, 5003, true, new ReportUser(12, "alex.morgan"), "harassment", null, Report.Open,
            Utc("2026-11-25T09:47:40.002951Z"), null, null),
    ];

    /// <summary>A first page of the open reports; its cursors are the API's own.</summary>
    private static FeedPage<ReportResponse> Page() => new(
        Reports,
        FeedCursor.Encode(new FeedPosition(Reports[^1].CreatedAt, Reports[^1].Id), ReportsEndpoints.Scope(Report.Open)),
        FeedCursor.Encode(new FeedPosition(Reports[0].CreatedAt, Reports[0].Id), ReportsEndpoints.Scope(Report.Open)),
        HasNewer: false);
}
