using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Feed.Api.Plumbing.Wire;

/// <summary>
/// Every timestamp on the wire as the document says: UTC with exactly six fractional digits
/// (<c>2026-11-24T05:30:00.000000Z</c>). The default writer drops trailing zeros (0 to 7 digits),
/// which strict ISO-8601 parsers with a fixed fraction refuse. Reading accepts any ISO 8601.
/// </summary>
public sealed class FeedTimeJson : JsonConverter<DateTime>
{
    public const string Format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'";

    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTime().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        var utc = value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime();
        Span<byte> utf8 = stackalloc byte[32]; // 27: no string per time written (issue 31)
        utc.TryFormat(utf8, out var written, Format, CultureInfo.InvariantCulture);
        writer.WriteStringValue(utf8[..written]);
    }
}
