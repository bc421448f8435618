using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Feed.Tests.Plumbing.Wire;

/// <summary>Responses are compressed as the client's Accept-Encoding asks, and only then.</summary>
public sealed class CompressionTests(SqliteApp app) : FeedTest<SqliteApp>(app)
{
    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    [InlineData(null)]
    public async Task A_page_is_compressed_as_accepted_and_reads_back_the_same(string? encoding)
    {
        var users = await App.AddUsersAsync(3, seed: 91);
        await App.AddItemsAsync(120, users, DateTime.UtcNow, TimeSpan.FromHours(1), seed: 91);
        var plain = await App.CreateClient().GetStringAsync("/feed?limit=100", Cancel);
        var request = new HttpRequestMessage(HttpMethod.Get, "/feed?limit=100");
        if (encoding is not null)
        {
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        }

        var response = await App.CreateClient().SendAsync(request, Cancel);
        var bytes = await response.Content.ReadAsByteArrayAsync(Cancel);
        Stream body = new MemoryStream(bytes);
        body = encoding switch
        {
            "br" => new BrotliStream(body, CompressionMode.Decompress),
            "gzip" => new GZipStream(body, CompressionMode.Decompress),
            _ => body,
        };
        var text = await new StreamReader(body).ReadToEndAsync(Cancel);

        response.Content.Headers.ContentEncoding.Should().Equal(encoding is null ? [] : [encoding]);
        JsonNode.DeepEquals(JsonNode.Parse(text), JsonNode.Parse(plain)).Should().BeTrue();
        if (encoding is not null)
        {
            bytes.Length.Should().BeLessThan(plain.Length / 2, "a page of posts compresses well");
        }
    }
}
