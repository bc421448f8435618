using System.Text.RegularExpressions;

namespace Feed.Tests.Architecture;

/// <summary>
/// The rooms of Feed.Api, held by reading its source: each folder is one namespace, dependencies
/// between them run one way, storage and seeding know nothing of HTTP, and no file grows past
/// what a reader takes in at once.
/// </summary>
public sealed partial class LayoutTests
{
    private static readonly string Api = Repository.PathOf("Feed.Api");

    /// <summary>Every product source file but the generated migrations, by its folder (the room).</summary>
    private static readonly List<(string Room, string Path, string Text)> Sources = Directory
        .EnumerateFiles(Api, "*.cs", SearchOption.AllDirectories)
        .Where(path => !IsBuildOutput(path) && !path.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}"))
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
    public void No_folder_uses_one_that_uses_it_back()
    {
        var uses = Uses();

        var cycles = uses.SelectMany(edge => uses[edge.Key].Where(to => Reaches(uses, to, edge.Key)).Select(to => $"{edge.Key} -> {to}"));

        cycles.Should().BeEmpty();
        uses.Keys.Should().Contain(["Items", "Paging", "Interactions", "Users", "Hosting", "Data", "Seeding", "Cli"]);
    }

    [Theory]
    [InlineData("Data", new string[0])]
    [InlineData("Paging", new string[0])]
    [InlineData("Problems", new string[0])]
    [InlineData("Seeding", new[] { "Data", "Users" })]
    [InlineData("Users", new[] { "Data", "Problems" })]
    [InlineData("Items", new[] { "Data", "Paging", "Problems", "Users" })]
    [InlineData("Interactions", new[] { "Data", "Paging", "Problems", "Users" })]
    public void Dependencies_run_from_the_features_down_to_storage(string room, string[] allowed)
    {
        Uses()[room].Should().BeSubsetOf(allowed, $"{room} may use only {string.Join(", ", allowed)}");
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

    [Fact]
    public void Files_stay_short_and_Program_is_a_table_of_contents()
    {
        var lines = Sources.ToDictionary(s => Path.GetRelativePath(Api, s.Path), s => s.Text.Split('\n').Length);

        lines.Where(l => l.Value > 200).Should().BeEmpty("no product file is over 200 lines");
        lines["Program.cs"].Should().BeLessThan(50);
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

    private static string RoomOf(string path)
    {
        var relative = Path.GetRelativePath(Api, path).Split(Path.DirectorySeparatorChar);
        return relative.Length > 1 ? relative[0] : "";
    }

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") || path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}");

    [GeneratedRegex(@"(?<!namespace )\bFeed\.Api\.(?<room>[A-Z]\w*)")]
    private static partial Regex FeedApiName();

    [GeneratedRegex(@"\b(HttpContext|HttpRequest|HttpResponse|IResult|TypedResults|Results<|IEndpointRouteBuilder|RouteGroupBuilder|ProblemDetails)\b|using Microsoft\.AspNetCore\.(?!Identity)")]
    private static partial Regex HttpTypes();
}
