using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;
namespace Feed.Api.Paging;

/// <summary>
/// Opaque cursors: base64url of a version byte, the position's exact sort key (UTC ticks and id)
/// and the scope it was issued for (a feed's kinds, or one item's members). A cursor is only ever
/// read back in the scope it came from; anything else is the client's mistake, answered with 400.
/// </summary>
public static class FeedCursor
{
    private const byte Version = 1;
    private const int HeaderLength = 1 + sizeof(long) + sizeof(long);
    private const int MaxScopeLength = 64;
    private const string NotIssued = "The cursor is not one this API issued. Pass a nextCursor or refreshCursor unchanged.";
    private const string Damaged = "The cursor is damaged. Pass a nextCursor or refreshCursor unchanged.";

    public static string Encode(FeedPosition position, string scope)
    {
        var scopeBytes = Encoding.UTF8.GetBytes(scope);
        var bytes = new byte[HeaderLength + scopeBytes.Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), position.At.Ticks);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1 + sizeof(long)), position.Id);
        scopeBytes.CopyTo(bytes, HeaderLength);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Reads a cursor issued for <paramref name="scope"/>; on failure, says why in words for the client.</summary>
    public static bool TryDecode(string cursor, string scope, out FeedPosition position, out string error)
    {
        position = default;
        if (cursor.Length > 4 * (HeaderLength + MaxScopeLength) / 3 + 4 || !Base64Url.IsValid(cursor))
        {
            error = NotIssued;
            return false;
        }

        var bytes = Base64Url.DecodeFromChars(cursor);
        if (bytes.Length < HeaderLength || bytes[0] != Version)
        {
            error = NotIssued;
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1));
        var id = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1 + sizeof(long)));
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks || id < 0)
        {
            error = Damaged;
            return false;
        }

        string issuedFor;
        try
        {
            issuedFor = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, HeaderLength, bytes.Length - HeaderLength);
        }
        catch (DecoderFallbackException)
        {
            error = Damaged;
            return false;
        }

        if (issuedFor != scope)
        {
            error = $"The cursor belongs to another listing ('{issuedFor}'), not to this one ('{scope}'). " +
                "Start this listing without a cursor.";
            return false;
        }

        position = new FeedPosition(new DateTime(ticks, DateTimeKind.Utc), id);
        error = "";
        return true;
    }
}
