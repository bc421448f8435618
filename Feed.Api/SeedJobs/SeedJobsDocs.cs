using System.Globalization;
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
            .Example(new SeedJobRequest(
                Items: 100_000,
                Seed: 7,
                Users: 500,
                Mix: mix,
                Locale: "ko",
                Reset: true,
                Force: true,
                Ties: 150,
                QaUser: "qa-tester",
                QaPassword: "a long qa password"))
            .Example(new SeedJobResponse(
                3, "seed", "running", 42_000, 100_000, 189_120, 61_250.5, 5.3, null, null,
                Utc("2026-11-25T10:00:00.120000Z"), Utc("2026-11-25T10:00:00.180000Z"), null));
    }

    private static string Percent(double share) => Math.Round(share * 100).ToString(CultureInfo.InvariantCulture);
}
