using System.Diagnostics;
using System.Globalization;
using Feed.Api.SeedJobs;

namespace Feed.Tests.SeedJobs;

/// <summary>
/// A job's options are capped so that its seed fits in memory beside the API it runs in
/// (<see cref="SeedJobCaps"/>). Proved with the seeder in a process of its own (the <c>seed</c>
/// verb) under a hard heap limit: past it the runtime throws OutOfMemoryException and the verb
/// fails. Before the caps, a job could ask for 1,000 likes an item and a million users.
/// </summary>
public sealed class SeedJobMemoryTests
{
    private const int HeapMiB = 160; // 128 ran out twice in recent full runs (a GC's timing, not a leak, as far as seen)

    [Fact]
    public async Task A_seed_at_the_caps_a_job_allows_fits_in_a_160_MiB_heap()
    {
        // The whole budget of likes and members per batch, with the most users, over four batches (what the seeder holds at once).
        var perItem = SeedJobCaps.InteractionsPerBatch / 10_000 / 2;
        var request = new SeedJobRequest(
            Items: 40_000, Users: SeedJobCaps.Users, LikesPerItem: perItem, MembersPerItem: perItem, CommentsPerItem: 0);
        var file = Path.Combine(Path.GetTempPath(), $"feed-memory-{Guid.NewGuid():N}.db");

        try
        {
            var migrate = await RunAsync(file, "migrate");
            var seed = await RunAsync(
                file,
                "seed",
                "--items", $"{request.Items}",
                "--users", $"{request.Users}",
                "--likes", request.LikesPerItem.ToString(CultureInfo.InvariantCulture),
                "--members", request.MembersPerItem.ToString(CultureInfo.InvariantCulture),
                "--comments", "0");

            request.Errors().Should().BeNull("these are the most a job may ask for");
            migrate.ExitCode.Should().Be(0, migrate.Output);
            seed.ExitCode.Should().Be(0, $"a job at the caps must fit in {HeapMiB} MiB: {seed.Output}");
        }
        finally
        {
            foreach (var path in new[] { file, $"{file}-wal", $"{file}-shm" })
            {
                File.Delete(path);
            }
        }
    }

    [Fact]
    public async Task A_seed_with_the_most_comments_and_the_largest_viral_post_a_job_allows_fits_in_a_160_MiB_heap()
    {
        // The whole budget in comments (each weighs four likes: its text), with the most users and the viral post at its cap.
        var perItem = SeedJobCaps.InteractionsPerBatch / 10_000 / SeedJobCaps.CommentWeight;
        var request = new SeedJobRequest(
            Items: 40_000,
            Users: SeedJobCaps.Users,
            LikesPerItem: 0,
            MembersPerItem: 0,
            CommentsPerItem: perItem,
            Viral: SeedJobCaps.Viral);
        var file = Path.Combine(Path.GetTempPath(), $"feed-memory-{Guid.NewGuid():N}.db");

        try
        {
            var migrate = await RunAsync(file, "migrate");
            var seed = await RunAsync(
                file,
                "seed",
                "--items", $"{request.Items}",
                "--users", $"{request.Users}",
                "--likes", "0",
                "--members", "0",
                "--comments", $"{perItem}",
                "--viral", $"{request.Viral}");

            request.Errors().Should().BeNull("these are the most comments a job may ask for");
            migrate.ExitCode.Should().Be(0, migrate.Output);
            seed.ExitCode.Should().Be(0, $"a job at the caps must fit in {HeapMiB} MiB: {seed.Output}");
            seed.Output.Should().Contain("comments");
        }
        finally
        {
            foreach (var path in new[] { file, $"{file}-wal", $"{file}-shm" })
            {
                File.Delete(path);
            }
        }
    }

    [Fact]
    public async Task A_seed_with_the_most_follows_a_job_allows_fits_in_a_160_MiB_heap()
    {
        // Four batches of 1,000 followers (what the seeder holds at once), each following the most a job
        // allows and every celebrity: 110,000 follows a batch. The homes are written by the database.
        var request = new SeedJobRequest(
            Items: 1_000,
            Users: 4_000,
            FollowsPerUser: SeedJobCaps.FollowsPerUser,
            Celebrities: SeedJobCaps.Celebrities,
            CelebrityFollowers: 1);
        var file = Path.Combine(Path.GetTempPath(), $"feed-memory-{Guid.NewGuid():N}.db");

        try
        {
            var migrate = await RunAsync(file, "migrate");
            var seed = await RunAsync(
                file,
                "seed",
                "--items", $"{request.Items}",
                "--users", $"{request.Users}",
                "--follows", $"{request.FollowsPerUser}",
                "--celebrities", $"{request.Celebrities}",
                "--celebrity-followers", "1");

            request.Errors().Should().BeNull("these are the most follows a job may ask for");
            migrate.ExitCode.Should().Be(0, migrate.Output);
            seed.ExitCode.Should().Be(0, $"a job at the caps must fit in {HeapMiB} MiB: {seed.Output}");
            seed.Output.Should().Contain("follows");
        }
        finally
        {
            foreach (var path in new[] { file, $"{file}-wal", $"{file}-shm" })
            {
                File.Delete(path);
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Feed.Api.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_GCHeapHardLimit"] = $"0x{HeapMiB * 1024L * 1024:x}";
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ConnectionStrings__Feed"] = $"Data Source={file}";
        start.Environment["Auth__SigningKey"] = FeedApp.SigningKey;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var said = $"{await output}{await error}";
        return (process.ExitCode, said.Length > 4000 ? said[..4000] : said);
    }
}
