namespace Feed.Tests.Seeding;

/// <summary>The verbs' own checks: no database needed, so these run everywhere.</summary>
public sealed class SeedCommandTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("MySql", "Server=127.0.0.1;Port=1;Database=feed;User=feed;Password=x;Connect Timeout=2")]
    [InlineData("Sqlite", "Data Source=/nonexistent-directory/feed.db")]
    public async Task Seeding_an_unreachable_database_fails_with_one_clear_line(string provider, string connectionString)
    {
        var run = await RunAsync(provider, connectionString, "seed", "--items", "10");

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith("The database failed").And.Contain("Nothing was written");
        run.Error.Should().NotContain("   at ", "no stack trace");
    }

    [Theory]
    [InlineData("--items", "-1", "--items must be a whole number, at least 0; got '-1'")]
    [InlineData("--items", "many", "--items must be a whole number, at least 0; got 'many'")]
    [InlineData("--users", "0", "--users must be a whole number, at least 1")]
    [InlineData("--mix", "1,2", "--mix takes shares by kind, e.g. post=50")]
    [InlineData("--mix", "0,0,0", "--mix takes shares by kind")]
    [InlineData("--mix", "post=1,poll=2", "Got 'post=1,poll=2'")]
    [InlineData("--mix", "post=1,post=2", "--mix takes shares by kind")]
    [InlineData("--mix", "post=-1,game=2", "none negative")]
    [InlineData("--likes", "-2", "--likes must be a number from 0 to 10000")]
    [InlineData("--comments", "-1", "--comments must be a number from 0 to 1000")]
    [InlineData("--comments", "1001", "--comments must be a number from 0 to 1000; got '1001'")]
    [InlineData("--viral", "100001", "--viral must be a whole number from 0 to 100000")]
    [InlineData("--viral", "lots", "--viral must be a whole number from 0 to 100000; got 'lots'")]
    [InlineData("--days", "0", "--days must be a number more than 0")]
    [InlineData("--until", "yesterday", "--until takes a UTC time")]
    [InlineData("--locale", "de", "'de'")]
    [InlineData("--ties", "1", "--ties must be 0 or a whole number from 2")]
    [InlineData("--deleted", "2", "--deleted must be a share from 0 to 1")]
    [InlineData("--popular", "-0.1", "--popular must be a share from 0 to 1")]
    [InlineData("--follows", "-1", "--follows must be a number from 0 to 10000")]
    [InlineData("--celebrities", "-1", "--celebrities must be a whole number, at least 0")]
    [InlineData("--celebrity-followers", "2", "--celebrity-followers must be a share from 0 to 1")]
    [InlineData("--rate", "fast", "--rate takes actions per second, minute or hour")]
    [InlineData("--rate", "0/s", "--rate takes actions per second")]
    [InlineData("--duration", "forever", "--duration takes a time")]
    [InlineData("--duration", "1:30", "--duration takes a time")]
    [InlineData("--clients", "0", "--clients must be a whole number from 1 to 64")]
    public async Task Seed_options_that_make_no_sense_are_refused_with_the_reason(string option, string value, string reason)
    {
        var run = await RunAsync("Sqlite", "Data Source=/nonexistent-directory/feed.db", "seed", option, value);

        run.ExitCode.Should().NotBe(0);
        run.Error.Should().Contain(reason);
    }

    [Theory]
    [InlineData("--rate 5/s", "live traffic's options; add --live")]
    [InlineData("--live --reset", "--reset: a seed's options; --live acts on the feed as it is")]
    [InlineData("--live --ties 150 --qa-user someone", "--qa-user, --ties: a seed's options")]
    [InlineData("--qa-user qa", "--qa-user: A name has 3 to 32 characters. Nothing was seeded.")]
    [InlineData("--popular 1 --items 10000 --users 10000", "would make more than 50,000,000 likes")]
    [InlineData("--live --follows 5 --celebrities 1", "--follows, --celebrities: a seed's options")]
    [InlineData("--live --comments 3 --viral 500", "--comments, --viral: a seed's options")]
    [InlineData("--celebrities 50 --users 10", "--celebrities (50) is at most --users (10)")]
    [InlineData("--follows 100 --items 1000000 --users 1000", "would hold about 101,000,000 entries")]
    [InlineData("--follows 10000 --users 10000", "would make about 99,990,000 follows, over the 50,000,000")]
    public async Task Options_that_do_not_apply_or_a_QA_name_that_cannot_be_are_refused_before_anything_is_written(
        string args, string reason)
    {
        var file = Path.Combine(Path.GetTempPath(), $"feed-{Guid.NewGuid():N}.db");
        var run = await RunAsync("Sqlite", $"Data Source={file}", ["seed", .. args.Split(' ')]);

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain(reason);
    }

    [Fact]
    public async Task An_admin_can_be_made_on_a_fresh_embedded_database_before_the_service_ever_started()
    {
        var file = $"Data Source={Path.Combine(Path.GetTempPath(), $"feed-{Guid.NewGuid():N}.db")}";

        var made = await RunAsync("Sqlite", file, "create-user", "qa-admin", "qa admin password", "--admin");

        made.ExitCode.Should().Be(0, made.Error);
        made.Output.Should().Contain("'qa-admin' (admin)");
    }

    private static Task<VerbRun> RunAsync(string provider, string connectionString, params string[] args) =>
        VerbHost.RunAsync(provider, connectionString, null, args);
}
