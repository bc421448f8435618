using System.Net;
using System.Net.Sockets;

namespace Feed.Api.Plumbing.Protection;

/// <summary>
/// Who a per-address limit counts as one client. An IPv4 address is one; an IPv6 client is its
/// /64: a host is given a whole /64 (RFC 6177, SLAAC's privacy addresses rotate inside it), so
/// keying on the full address would give a client who rotates through its /64 a fresh bucket per request.
/// </summary>
public static class ClientAddresses
{
    public static IPAddress? Group(IPAddress? address)
    {
        if (address is null || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear(); // the interface identifier; the scope id is dropped too
        return new IPAddress(bytes);
    }

    /// <summary>The partition key of <paramref name="address"/>'s group: the address, or <c>prefix/64</c>.</summary>
    public static string Key(IPAddress? address) =>
        Group(address) is { AddressFamily: AddressFamily.InterNetworkV6 } v6 ? $"{v6}/64" : $"{Group(address)}";
}
