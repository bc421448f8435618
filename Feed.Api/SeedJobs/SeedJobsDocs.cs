using System.Globalization;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Documentation;
using Feed.Api.Seeding;
using static Feed.Api.Plumbing.Documentation.ExampleTime;

namespace Feed.Api.SeedJobs;

/// <summary>What the document says of seed jobs beyond their endpoints: their tag and examples.</summary>
public static class SeedJobsDocs
{
    public static void Declare(ApiNotes notes)
    {
        // The realistic mix, as percentages: post=50,game=30,team=20.
        var mix = string.Join(',', KindMix.Default.Shares.Select(s => $"{s.Key}={Percent(s.Value)}"));
        notes.Tag("Admin", "Seeding fake feeds over HTTP, for QA on a deployed environment: start a job, poll it, cancel it. Admins only.")
            .PathId("admin/seed-jobs", "The job's id: the end of the `Location` its start answered.", 1)
            // A live job, sent as it stands: it destroys nothing (a seed's `reset` with `force` deletes every
            // account, the sender's too) and runs long enough to watch and to cancel. A seed: `kind` and the fields.
            .Example(new SeedJobRequest(Kind: SeedJobRequest.LiveKind, Seed: 7, Mix: mix, Locale: "ko", Rate: 2, DurationSeconds: 600))
            .Example(new SeedJobResponse(
                3, "seed", "running", "generating", 42_000, 100_000, 189_120, 61_251, 6, null, null,
                Utc("2026-11-25T10:00:00.120000Z"), Utc("2026-11-25T10:00:00.180000Z"), null,
                new SeedJobAdmin(2, "qa-admin"), null))
            .Example(new SeedJobAdmin(2, "qa-admin"))
            .CursorScope("admin/seed-jobs", _ => SeedJobsApi.Scope)
            .Example(Page());
    }

    /// <summary>A first page of the listing: the running job above one that was cancelled; its cursors are the API's own.</summary>
    private static FeedPage<SeedJobResponse> Page()
    {
        SeedJobResponse[] jobs =
        [
            new(3, "seed", "running", "indexing", 100_000, 100_000, 450_230, 58_402, null, null, null,
                Utc("2026-11-25T10:00:00.120000Z"), Utc("2026-11-25T10:00:00.180000Z"), null, new SeedJobAdmin(2, "qa-admin"), null),
            new(2, "live", "cancelled", "cancelled", 410, 1_200, 410, 2, null, null, null,
                Utc("2026-11-25T09:40:12.512034Z"), Utc("2026-11-25T09:40:12.530611Z"), Utc("2026-11-25T09:43:37.004118Z"),
                new SeedJobAdmin(2, "qa-admin"), new SeedJobAdmin(5, "jordan.lee")),
        ];
        return new(
            jobs,
            FeedCursor.Encode(new FeedPosition(jobs[^1].CreatedAt, jobs[^1].Id), SeedJobsApi.Scope),
            FeedCursor.Encode(new FeedPosition(jobs[0].CreatedAt, jobs[0].Id), SeedJobsApi.Scope),
            HasNewer: false);
    }

    private static string Percent(double share) => Math.Round(share * 100).ToString(CultureInfo.InvariantCulture);
}
