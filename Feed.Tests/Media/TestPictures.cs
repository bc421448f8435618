using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Feed.Tests.Media;

/// <summary>
/// Pictures for media tests, made here from a seed (no library, no fixture files): real PNGs of random
/// colour blocks, and the broken ones an attacker sends (a header that declares 50,000 × 50,000 pixels,
/// a file cut short).
/// </summary>
public static class TestPictures
{
    /// <summary>A valid RGB PNG of <paramref name="width"/> × <paramref name="height"/>, blocks of random colour.</summary>
    public static byte[] Png(int width, int height, int seed = 1)
    {
        var random = new Bogus.Randomizer(seed);
        var palette = Enumerable.Range(0, 16).Select(_ => random.Bytes(3)).ToArray();
        var rows = new byte[height * (1 + (width * 3))];
        for (var y = 0; y < height; y++)
        {
            var row = y * (1 + (width * 3));
            for (var x = 0; x < width; x++)
            {
                palette[((x / 16) + (y / 16 * 7)) % palette.Length].CopyTo(rows, row + 1 + (x * 3));
            }
        }

        return Assemble(width, height, Deflate(rows));
    }

    /// <summary>A PNG whose header declares 50,000 × 50,000 pixels (2.5 gigapixels) over a few bytes of data: a bomb.</summary>
    public static byte[] Bomb() => Assemble(50_000, 50_000, Deflate(new byte[1024]));

    /// <summary>A valid PNG cut off half-way through its pixels.</summary>
    public static byte[] Truncated(int seed = 1)
    {
        var whole = Png(400, 300, seed);
        return whole[..(whole.Length / 2)];
    }

    private static byte[] Assemble(int width, int height, byte[] pixels)
    {
        var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per channel
        header[9] = 2; // RGB
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", pixels);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static byte[] Deflate(byte[] data)
    {
        var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typed));
        png.Write(number);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
