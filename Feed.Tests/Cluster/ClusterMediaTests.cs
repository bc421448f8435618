using System.Text.Json.Nodes;
using Feed.Tests.Media;

namespace Feed.Tests.Cluster;

/// <summary>
/// Photos on three instances sharing one S3 bucket (scripts/cluster.sh's radosgw) and one render queue in the database:
/// any instance serves what another took in, every upload is rendered once, and a killed instance's renders are not lost.
/// </summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ClusterMediaTests_Cluster(Cluster cluster, ITestOutputHelper output)
{
    private static readonly string[] RenditionNames = ["1080", "320", "640", "original"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_upload_through_one_instance_is_read_and_its_files_served_with_the_same_bytes_by_every_other_instance()
    {
        var (_, _, token) = await cluster.SignUpAsync();
        var instances = cluster.Apis.Select(api => cluster.ClientFor(token, api)).ToList();

        var uploaded = await ClusterMedia.UploadAsync(instances[0], TestPictures.Png(1600, 1200, seed: 28), Cancel);
        var id = (long)uploaded["id"]!;
        var preview = (string)uploaded["previewUrl"]!;
        // The 320 px rendition is in the bucket before the upload is answered: the other instances serve it at once.
        var previews = await Task.WhenAll(instances.Select(i => ClusterMedia.ServedHashAsync(i, preview, Cancel)));
        previews.Should().AllBe(previews[0], "every instance serves the preview the first one stored");

        var rendered = await ClusterMedia.RenderedAsync(instances[1], id, TimeSpan.FromSeconds(60), Cancel);
        ((string)rendered["status"]!).Should().Be("ready");
        var renditions = ClusterMedia.Renditions(rendered);
        renditions.Keys.Order().Should().Equal(RenditionNames);
        foreach (var instance in instances)
        {
            var read = JsonNode.Parse(await instance.GetStringAsync($"/media/{id}", Cancel));
            JsonNode.DeepEquals(read, rendered).Should().BeTrue($"{instance.BaseAddress} reads {read} as the others do: {rendered}");
        }

        using var store = cluster.MediaStore();
        foreach (var (name, url) in renditions)
        {
            var stored = await ClusterMedia.StoredHashAsync(store, ClusterMedia.Key(url), Cancel);
            stored.Should().NotBeNull($"the {name} rendition is in the bucket");
            var served = await Task.WhenAll(instances.Select(i => ClusterMedia.ServedHashAsync(i, url, Cancel)));
            served.Should().AllBe(stored, $"every instance serves the bucket's {name} rendition");
        }
    }

    [Fact]
    public async Task Uploads_spread_over_the_instances_are_each_rendered_once_though_every_instance_polls_the_same_queue()
    {
        var (_, _, token) = await cluster.SignUpAsync();
        var instances = cluster.Apis.Select(api => cluster.ClientFor(token, api)).ToList();

        // Nine at once, three through each instance: six render workers (two an instance) race for the same rows,
        // on different Galera nodes (HAProxy spreads the instances' connections), where SKIP LOCKED sees only local locks.
        var uploads = await Task.WhenAll(Enumerable.Range(0, 9).Select(i =>
            ClusterMedia.UploadAsync(instances[i % 3], TestPictures.Png(1200, 900, seed: 100 + i), Cancel)));
        var ids = uploads.Select(u => (long)u["id"]!).ToList();
        var rendered = await Task.WhenAll(ids.Select((id, i) =>
            ClusterMedia.RenderedAsync(instances[(i + 1) % 3], id, TimeSpan.FromSeconds(90), Cancel)));

        var rows = await ClusterMedia.RowsAsync(cluster.Sql, ids, Cancel);
        output.WriteLine(string.Join('\n', rows));
        rows.Should().HaveCount(9).And.OnlyContain(r => r.Status == "Ready" && r.Attempts == 1 && r.ClaimedUntil == null,
            "each upload was claimed once, by one worker of one instance, and marked ready");
        using var store = cluster.MediaStore();
        foreach (var media in rendered)
        {
            var renditions = ClusterMedia.Renditions(media);
            renditions.Keys.Order().Should().Equal(RenditionNames);
            foreach (var url in renditions.Values)
            {
                (await ClusterMedia.StoredHashAsync(store, ClusterMedia.Key(url), Cancel)).Should().NotBeNull($"{url} is in the bucket");
            }
        }
    }

    [Fact]
    public async Task Renders_an_instance_was_killed_in_the_middle_of_are_finished_by_the_others_once_its_lease_runs_out()
    {
        var (_, _, token) = await cluster.SignUpAsync();
        var api2 = cluster.ClientFor(token, cluster.Apis[1]);
        var api3 = cluster.ClientFor(token, cluster.Apis[2]);
        try
        {
            // api2 alone takes the uploads and claims their renders, so every claim held when it dies is its own.
            await Cluster.ScriptAsync("kill", "api1");
            await Cluster.ScriptAsync("kill", "api3");
            var uploads = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
                ClusterMedia.UploadAsync(api2, TestPictures.Png(3000, 2000, seed: 200 + i), Cancel)));
            var ids = uploads.Select(u => (long)u["id"]!).ToList();
            var rows = await ClusterMedia.RowsAsync(cluster.Sql, ids, Cancel);
            while (rows.Any(r => r.Status == "Processing") && !rows.Any(r => r.Status == "Processing" && r.Attempts == 1))
            {
                await Task.Delay(50, Cancel); // until api2's workers claim one (the uploads are answered: the rows exist)
                rows = await ClusterMedia.RowsAsync(cluster.Sql, ids, Cancel);
            }

            await Cluster.ScriptAsync("kill", "api2");
            var killedAt = DateTime.UtcNow;
            rows = await ClusterMedia.RowsAsync(cluster.Sql, ids, Cancel);
            output.WriteLine($"when api2 was killed:\n{string.Join('\n', rows)}");
            var abandoned = rows.Where(r => r.Status == "Processing" && r.Attempts == 1).Select(r => r.Id).ToList();
            abandoned.Should().NotBeEmpty("api2 died holding claims on renders it had not finished");
            rows.Where(r => abandoned.Contains(r.Id)).Should().OnlyContain(r => r.ClaimedUntil > killedAt,
                "a dead instance's claim still holds until its lease runs out");

            await Cluster.ScriptAsync("start", "api1");
            await Cluster.ScriptAsync("start", "api3");
            var within = cluster.MediaLease + TimeSpan.FromSeconds(90);
            var rendered = await Task.WhenAll(ids.Select(id => ClusterMedia.RenderedAsync(api3, id, within, Cancel)));

            rows = await ClusterMedia.RowsAsync(cluster.Sql, ids, Cancel);
            output.WriteLine($"once rendered:\n{string.Join('\n', rows)}");
            rows.Should().OnlyContain(r => r.Status == "Ready", "the others finished every render, the abandoned ones included");
            rows.Where(r => abandoned.Contains(r.Id)).Should().OnlyContain(r => r.Attempts == 2,
                "an abandoned render was claimed again, once, after api2's lease ran out");
            rows.Where(r => !abandoned.Contains(r.Id)).Should().OnlyContain(r => r.Attempts == 1);
            foreach (var media in rendered.Where(m => abandoned.Contains((long)m["id"]!)))
            {
                var renditions = ClusterMedia.Renditions(media);
                renditions.Keys.Order().Should().Equal(RenditionNames);
                foreach (var url in renditions.Values)
                {
                    await ClusterMedia.ServedHashAsync(api3, url, Cancel);
                }
            }
        }
        finally
        {
            foreach (var api in new[] { "api1", "api2", "api3" })
            {
                await Cluster.ScriptAsync("start", api); // a running one is left as it is
            }
        }
    }
}
