using Feed.Domain;

namespace Feed.Tests.Media;

public sealed class MediaWakeUpTests_Sqlite(SqliteApp app) : MediaWakeUpTests<SqliteApp>(app);

public sealed class MediaWakeUpTests_MariaDb(MariaDbApp app) : MediaWakeUpTests<MariaDbApp>(app);

/// <summary>The hosted render workers, woken by an upload rather than by their poll: each test starts an app of its own.</summary>
public abstract class MediaWakeUpTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task An_upload_wakes_an_idle_worker_so_it_is_rendered_long_before_the_next_poll()
    {
        await using var app = await FeedApp.StartAsync(App.Engine, AppSetup.Default
            .With("Media:Workers", "2")
            .With("Media:PollInterval", "01:00:00")
            .With("Media:HousekeepingInterval", "01:00:00"));
        var owner = app.ClientFor((await app.AddUsersAsync(1, seed: 116))[0]);
        await Task.Delay(TimeSpan.FromMilliseconds(200), Cancel); // the workers have looked once, found nothing, and sleep an hour

        var created = await ReadJsonAsync(await owner.UploadAsync(TestPictures.Png(720, 480, 116)));
        var id = (long)created["id"]!;
        var ready = await EventuallyAsync(async () => (await app.MediaRowAsync(id)).Status == MediaStatus.Ready);
        var media = await app.MediaRowAsync(id);

        ((string)created["status"]!).Should().Be("processing");
        ready.Should().BeTrue("the upload's commit wakes a worker; the next poll is an hour away");
        media.Files.Select(f => f.Name).Should().Equal("320", "640", "1080", "original");
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(25, Cancel);
        }

        return true;
    }
}
