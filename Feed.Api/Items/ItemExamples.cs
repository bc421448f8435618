using Feed.Api.Plumbing.Documentation;

namespace Feed.Api.Items;

/// <summary>What the kinds' examples share: their authors, and times as the wire writes them.</summary>
public static class ItemExamples
{
    public static readonly AuthorResponse Minji = new(7, "김민지");
    public static readonly AuthorResponse Alex = new(12, "alex.morgan");

    public static DateTime At(string utc) => ExampleTime.Utc(utc);
}
