using System.Globalization;

namespace Feed.Api.Plumbing.Documentation;

/// <summary>Times for examples, written as the wire writes them.</summary>
public static class ExampleTime
{
    /// <summary>The UTC time <paramref name="utc"/> (<c>2026-11-25T09:41:07.512034Z</c>).</summary>
    public static DateTime Utc(string utc) =>
        DateTime.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
