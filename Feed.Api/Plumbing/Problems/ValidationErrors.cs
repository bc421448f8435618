using System.Text.RegularExpressions;

namespace Feed.Api.Plumbing.Problems;

/// <summary>
/// Validation errors in the client's terms: keyed by the names clients send (camelCase JSON fields
/// and query parameters, not the C# property names) and worded for the person reading them rather
/// than the framework's defaults ("The field Password must be a string or array type with …").
/// </summary>
public static partial class ValidationErrors
{
    public static void Rewrite(HttpValidationProblemDetails problem)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, messages) in problem.Errors)
        {
            var name = ClientName(key);
            errors[name] = [.. errors.GetValueOrDefault(name, []), .. messages.Select(m => Reword(m, name))];
        }

        problem.Errors = errors;
    }

    /// <summary>
    /// <c>Title</c> → <c>title</c>, <c>Items[0].GameName</c> → <c>items[0].gameName</c>: C# member
    /// paths (what validation keys by) are camelCased. Any other key is a name a handler wrote as
    /// the client sends it (<c>Idempotency-Key</c>, <c>Last-Event-ID</c>, <c>$</c>) and is kept as it is.
    /// </summary>
    public static string ClientName(string key) =>
        MemberPath().IsMatch(key)
            ? string.Join('.', key.Split('.').Select(part => char.ToLowerInvariant(part[0]) + part[1..]))
            : key;

    private static string Reword(string message, string name)
    {
        if (Required().IsMatch(message))
        {
            return $"{name} is required.";
        }

        if (MinLength().Match(message) is { Success: true } min)
        {
            var least = min.Groups["n"].Value;
            return least == "1" ? $"{name} must not be empty." : $"{name} must have at least {least} characters.";
        }

        if (MaxLength().Match(message) is { Success: true } max)
        {
            return $"{name} must have at most {max.Groups["n"].Value} characters.";
        }

        return Range().Match(message) is { Success: true } range
            ? $"{name} must be a whole number from {range.Groups["low"].Value} to {range.Groups["high"].Value}."
            : message;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\[[0-9]+\])*(\.[A-Za-z_][A-Za-z0-9_]*(\[[0-9]+\])*)*$")]
    private static partial Regex MemberPath();

    [GeneratedRegex(@"^The \S+ field is required\.$")]
    private static partial Regex Required();

    [GeneratedRegex(@"^The field \S+ must be a string or array type with a minimum length of '(?<n>\d+)'\.$")]
    private static partial Regex MinLength();

    [GeneratedRegex(@"^The field \S+ must be a string or array type with a maximum length of '(?<n>\d+)'\.$")]
    private static partial Regex MaxLength();

    [GeneratedRegex(@"^The field \S+ must be between (?<low>-?\d+) and (?<high>-?\d+)\.$")]
    private static partial Regex Range();
}
