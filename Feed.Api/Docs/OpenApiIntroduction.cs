using System.Text;
using Feed.Api.Items;

namespace Feed.Api.Docs;

/// <summary>The introduction's words on the kinds, from the one list of kinds: a kind added there is introduced here.</summary>
public static class OpenApiIntroduction
{
    private static readonly string[] Numbers = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

    /// <summary><c>posts, games and teams</c>.</summary>
    public static string Plurals => ItemKinds.Words([.. ItemKinds.All.Select(k => k.Plural)], "and");

    /// <summary>The first paragraph: what the feed serves, kind by kind.</summary>
    public static string Kinds()
    {
        var kinds = ItemKinds.Words([.. ItemKinds.All.Select(k => $"**{k.Plural}** ({k.Fields})")], "and");
        var joinable = ItemKinds.Words([.. ItemsDocs.Joinable.Select(k => k.Plural)], "and");
        var count = ItemKinds.All.Count < Numbers.Length ? Numbers[ItemKinds.All.Count] : $"{ItemKinds.All.Count}";
        return Wrapped($"Feed serves one newest-first activity feed of {count} kinds of item — {kinds} — " +
            $"with likes, and members for {joinable}.");
    }

    /// <summary>The "Items" section: switch on <c>type</c>; a listing per kind, and any set of kinds.</summary>
    public static string Items()
    {
        var types = ItemKinds.Words([.. ItemKinds.All.Select(k => $"`{k.Name}`")], "or");
        var listings = ItemKinds.Words([.. ItemKinds.All.Select(k => $"`{k.Route}`")], "and");
        var some = string.Join(',', ItemsDocs.Joinable.Select(k => k.Name));
        return $"Every item has `type` ({types}) and the fields of its kind: switch on `type`.\n" +
            $"{listings} list one kind each; `/feed?types={some}` any set of kinds.";
    }

    /// <summary>Lines of at most 101 characters, broken between words.</summary>
    private static string Wrapped(string text)
    {
        var lines = new StringBuilder();
        var line = new StringBuilder();
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > 101)
            {
                lines.Append(line).Append('\n');
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        return lines.Append(line).ToString();
    }
}
