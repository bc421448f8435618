using System.Text.RegularExpressions;

namespace Feed.Tests.Architecture;

/// <summary>
/// The rooms of Feed.Api, held by reading its source. Three strata: plumbing (Plumbing/*, one
/// room per concern) knows no feature; the features (and Paging, their shared vocabulary) use
/// plumbing and storage; the document (Docs/) and Program.cs sit above and may see everything.
/// Each folder is one namespace, no two rooms use each other, storage and seeding know nothing of
/// HTTP, and files and folders stay a size a reader takes in at once.
/// </summary>
public sealed partial class LayoutTests(ITestOutputHelper output)
{
    private static readonly string Api = Repository.PathOf("Feed.Api");

    private static readonly string[] Features =
        ["Items", "Interactions", "Comments", "Users", "Live", "Follows", "Safety", "Media", "SeedJobs", "Reports", "Accounts",
            "Notifications"];

    /// <summary>Every product source file but the generated migrations, by its room.</summary>
    private static readonly List<(string Room, string Path, string Text)> Sources = Directory
        .EnumerateFiles(Api, "*.cs", SearchOption.AllDirectories)
        .Where(path => !IsBuildOutput(path) && !path.Contains(Sep("Migrations")))
        .Select(path => (Room: RoomOf(path), Path: path, Text: File.ReadAllText(path)))
        .ToList();

    [Fact]
    public void Each_folder_is_one_namespace()
    {
        var misplaced = Sources
            .Where(s => s.Room != "")
            .Where(s => !s.Text.Contains($"namespace Feed.Api.{s.Room};", StringComparison.Ordinal)
                && !s.Text.Contains($"namespace Feed.Api.{s.Room}.", StringComparison.Ordinal))
            .Select(s => Path.GetRelativePath(Api, s.Path));

        misplaced.Should().BeEmpty("a file's namespace names its folder");
    }

    [Fact]
    public void No_room_uses_one_that_uses_it_back()
    {
        var uses = Uses();

        var cycles = uses.SelectMany(edge => uses[edge.Key].Where(to => Reaches(uses, to, edge.Key)).Select(to => $"{edge.Key} -> {to}"));

        cycles.Should().BeEmpty();
        uses.Keys.Should().Contain([.. Features, "Paging", "Docs", "Data", "Seeding", "Cli", "Plumbing.Problems", "Plumbing.Idempotency"]);
    }

    [Fact]
    public void Every_room_is_in_a_stratum()
    {
        string[] known = [.. Features, "Paging", "Docs", "Data", "Seeding", "Cli"];

        var unplaced = Uses().Keys.Where(room => !room.StartsWith("Plumbing.", StringComparison.Ordinal) && !known.Contains(room));

        unplaced.Should().BeEmpty("a new room is plumbing (Plumbing/<concern>) or a feature listed in Features, with its directions");
    }

    [Fact]
    public void Plumbing_knows_no_feature_and_nothing_above_it()
    {
        var plumbing = Uses().Where(room => room.Key.StartsWith("Plumbing.", StringComparison.Ordinal));

        var wrong = plumbing.SelectMany(room => room.Value
            .Where(used => used != "Data" && !used.StartsWith("Plumbing.", StringComparison.Ordinal))
            .Select(used => $"{room.Key} -> {used}"));

        wrong.Should().BeEmpty("plumbing may use storage and other plumbing, nothing else");
    }

    [Fact]
    public void Only_Program_and_the_document_use_the_document()
    {
        var users = Uses().Where(room => room.Key != "Docs" && room.Value.Contains("Docs")).Select(room => room.Key);

        users.Should().BeEmpty("each feature declares its OpenAPI details next to its endpoints; Docs only composes them");
    }

    [Theory]
    [InlineData("Data", new string[0])]
    [InlineData("Paging", new[] { "Data", "Plumbing.*" })]
    [InlineData("Media", new[] { "Data", "Plumbing.*" })] // below the features that show media: items, profiles
    [InlineData("Users", new[] { "Data", "Plumbing.*", "Media" })] // avatars
    [InlineData("Items", new[] { "Data", "Paging", "Plumbing.*", "Media" })] // a post's pictures, its author's avatar
    [InlineData("Interactions", new[] { "Data", "Paging", "Plumbing.*" })]
    [InlineData("Comments", new[] { "Data", "Paging", "Plumbing.*", "Items", "Interactions", "Media" })] // authors, blocked words
    [InlineData("Live", new[] { "Data", "Paging", "Plumbing.*", "Items", "Media" })]
    [InlineData("Follows", new[] { "Data", "Paging", "Plumbing.*", "Items", "Interactions", "Live", "Media" })]
    [InlineData("Accounts", new[] { "Data", "Paging", "Plumbing.*", "Items", "Interactions", "Follows", "Live", "Media", "Users" })]
    [InlineData("Safety", new[] { "Data", "Paging", "Plumbing.*", "Items", "Interactions", "Follows", "Live", "Media" })]
    [InlineData("SeedJobs", new[] { "Data", "Paging", "Plumbing.*", "Seeding", "Users", "Items", "Interactions", "Comments" })]
    [InlineData("Reports", new[] { "Data", "Paging", "Plumbing.*", "Items", "Users", "Comments" })] // a removal is a deletion
    [InlineData("Notifications", new[] { "Data", "Paging", "Plumbing.*", "Items", "Media", "Live" })] // the actor's shape; SSE
    [InlineData("Seeding", new[] { "Data", "Users", "Follows", "Media" })] // the demo user follows people; photos go to the store
    [InlineData("Cli", new[] { "Data", "Seeding", "Users", "SeedJobs" })]
    public void Dependencies_run_from_the_features_down_to_storage(string room, string[] allowed)
    {
        var used = Uses()[room].Where(u => !allowed.Contains(u)
            && !(allowed.Contains("Plumbing.*") && u.StartsWith("Plumbing.", StringComparison.Ordinal)));

        used.Should().BeEmpty($"{room} may use only {string.Join(", ", allowed)}");
    }

    [Theory]
    [InlineData("Data")]
    [InlineData("Seeding")]
    public void Storage_and_seeding_know_nothing_of_HTTP(string room)
    {
        var http = Sources.Where(s => s.Room == room)
            .SelectMany(s => HttpTypes().Matches(s.Text).Select(m => $"{Path.GetFileName(s.Path)}: {m.Value}"));

        http.Should().BeEmpty();
    }

    [Fact]
    public void The_domain_references_no_framework()
    {
        var project = File.ReadAllText(Repository.PathOf("Feed.Domain", "Feed.Domain.csproj"));
        var usings = Directory.EnumerateFiles(Repository.PathOf("Feed.Domain"), "*.cs").Where(p => !IsBuildOutput(p))
            .SelectMany(p => Regex.Matches(File.ReadAllText(p), @"^using (?!System)[\w.]+;", RegexOptions.Multiline).Select(m => m.Value));

        project.Should().NotContain("Reference");
        usings.Should().BeEmpty();
    }

    [Fact]
    public void The_product_serves_no_benchmark_endpoint()
    {
        Sources.Where(s => s.Text.Contains("\"/bench", StringComparison.Ordinal)).Select(s => s.Path).Should().BeEmpty();
    }

    /// <summary>
    /// About 250 lines a file and 16 files a folder is what a reader takes in at once: past that this
    /// test says so (a warning in its output); past 300 lines or 20 files it fails. Split by cohesion.
    /// </summary>
    [Fact]
    public void Files_and_folders_stay_a_readable_size_and_Program_is_a_table_of_contents()
    {
        var files = Directory.EnumerateFiles(Repository.Root, "*.cs", SearchOption.AllDirectories)
            .Where(p => !IsBuildOutput(p) && !p.Contains(Sep("Migrations")) && !p.Contains(Sep("node_modules")))
            .ToDictionary(p => Path.GetRelativePath(Repository.Root, p), p => File.ReadAllLines(p).Length);
        var folders = files.Keys.GroupBy(Path.GetDirectoryName).ToDictionary(g => g.Key ?? "", g => g.Count());
        foreach (var (file, lines) in files.Where(f => f.Value > 250))
        {
            output.WriteLine($"warning: {file} has {lines} lines (about 250 is the mark: split it by cohesion)");
        }

        foreach (var (folder, count) in folders.Where(f => f.Value > 16))
        {
            output.WriteLine($"warning: {folder} has {count} source files (about 16 is the mark: give a concern its own room)");
        }

        files.Where(f => f.Value > 300).Should().BeEmpty("no source file is over 300 lines");
        folders.Where(f => f.Value > 20).Should().BeEmpty("no folder holds over 20 source files");
        files[Path.Combine("Feed.Api", "Program.cs")].Should().BeLessThan(80); // a using, an Add and a Map a feature
    }

    /// <summary>140 columns for product, test and benchmark code alike (generated migrations aside).</summary>
    [Fact]
    public void No_line_of_code_is_wider_than_140_columns()
    {
        var wide = Directory.EnumerateFiles(Repository.Root, "*.cs", SearchOption.AllDirectories)
            .Where(p => !IsBuildOutput(p) && !p.Contains(Sep("Migrations")) && !p.Contains(Sep("node_modules")))
            .SelectMany(p => File.ReadLines(p).Select((line, i) => (File: p, Number: i + 1, line.Length)))
            .Where(line => line.Length > 140)
            .Select(line => $"{Path.GetRelativePath(Repository.Root, line.File)}:{line.Number} ({line.Length} columns)");

        wide.Should().BeEmpty("code stays within 140 columns: split by meaning, not by squeezing");
    }

    /// <summary>Which rooms each room names, by its usings and fully qualified names.</summary>
    private static Dictionary<string, HashSet<string>> Uses() => Sources
        .Where(s => s.Room != "")
        .GroupBy(s => s.Room)
        .ToDictionary(
            room => room.Key,
            room => room.SelectMany(s => FeedApiName().Matches(s.Text).Select(m => m.Groups["room"].Value))
                .Where(other => other != room.Key)
                .ToHashSet());

    private static bool Reaches(Dictionary<string, HashSet<string>> uses, string from, string to, HashSet<string>? seen = null)
    {
        seen ??= [];
        return uses.TryGetValue(from, out var next) && seen.Add(from) && (next.Contains(to) || next.Any(n => Reaches(uses, n, to, seen)));
    }

    /// <summary>The top folder, or for plumbing its concern: <c>Items</c>, <c>Plumbing.Problems</c>; "" for Program.cs.</summary>
    private static string RoomOf(string path) => Path.GetRelativePath(Api, path).Split(Path.DirectorySeparatorChar) switch
    {
        ["Plumbing", var concern, _, ..] => $"Plumbing.{concern}",
        [var folder, _, ..] => folder,
        _ => "",
    };

    private static string Sep(string folder) => $"{Path.DirectorySeparatorChar}{folder}{Path.DirectorySeparatorChar}";

    private static bool IsBuildOutput(string path) => path.Contains(Sep("obj")) || path.Contains(Sep("bin"));

    [GeneratedRegex(@"(?<!namespace )\bFeed\.Api\.(?<room>Plumbing\.[A-Z]\w*|[A-Z]\w*)")]
    private static partial Regex FeedApiName();

    [GeneratedRegex(
        @"\b(HttpContext|HttpRequest|HttpResponse|IResult|TypedResults|Results<|IEndpointRouteBuilder|RouteGroupBuilder|ProblemDetails)\b" +
        @"|using Microsoft\.AspNetCore\.(?!Identity)")]
    private static partial Regex HttpTypes();
}
