using System.Net;
using Feed.Api.Plumbing.Protection;

namespace Feed.Tests.Plumbing.Protection;

/// <summary>
/// Per-address limits count an IPv6 client by its /64 (the addresses are claimed with <see cref="ClientAddressFromHeader"/>).
/// </summary>
public sealed class AddressGroupingTests(LimitedApp app) : FeedTest<LimitedApp>(app)
{
    [Fact]
    public async Task An_anonymous_client_rotating_through_its_IPv6_64_shares_one_bucket()
    {
        // At once: the bucket refills one a second, and a loaded machine must not refill it between the requests.
        var rotated = await Task.WhenAll(Enumerable.Range(1, LimitedApp.Burst * 3)
            .Select(async i => (await ReadFromEachAsync([$"2001:db8:64:1:{i:x}::{i:x}"])).Single()));
        var neighbour = await ReadFromEachAsync(["2001:db8:64:2::1"]);

        rotated.Should().Contain(HttpStatusCode.TooManyRequests, "every address of one /64 draws from the same bucket");
        neighbour.Should().Equal(HttpStatusCode.OK);
    }

    [Fact]
    public async Task IPv4_clients_keep_a_bucket_each_and_an_IPv4_mapped_address_is_its_IPv4_address()
    {
        var distinct = await ReadFromEachAsync(Enumerable.Range(1, LimitedApp.Burst * 3).Select(i => $"198.51.100.{i}"));

        distinct.Should().OnlyContain(s => s == HttpStatusCode.OK, "each IPv4 address is a client of its own");
        ClientAddresses.Key(IPAddress.Parse("::ffff:203.0.113.7")).Should().Be("203.0.113.7");
        ClientAddresses.Key(IPAddress.Parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).Should().Be("2001:db8:1:2::/64");
    }

    private async Task<List<HttpStatusCode>> ReadFromEachAsync(IEnumerable<string> addresses)
    {
        var statuses = new List<HttpStatusCode>();
        foreach (var address in addresses)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/feed?limit=1");
            request.Headers.Add(ClientAddressFromHeader.Header, address);
            statuses.Add((await App.CreateClient().SendAsync(request, Cancel)).StatusCode);
        }

        return statuses;
    }
}
