using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;

namespace Feed.Api.Plumbing.Documentation;

/// <summary>
/// What a feature tells the OpenAPI document beyond what the generator reads from its endpoints:
/// an example of each of its types, its tags' descriptions, which of its answers a token
/// personalises, what its path ids and cursors look like. Each feature declares its own in a
/// <c>…Docs.cs</c> beside its endpoints; the document (Docs/) gathers them and composes. A second
/// declaration of the same thing is an error, so two features cannot both describe it.
/// </summary>
/// <remarks>
/// Routes are written as the document shows them, without constraints: <c>games/{id}/members</c>.
/// A route note holds for the routes it is a prefix of (by whole segments), the longest one
/// winning; the empty route holds for every route.
/// </remarks>
public sealed partial class ApiNotes
{
    private readonly Dictionary<Type, object> _examples = [];
    private readonly Dictionary<string, string> _tags = [];
    private readonly HashSet<Type> _personalised = [];
    private readonly Dictionary<string, PathIdNote> _ids = [];
    private readonly Dictionary<string, Func<long, string>> _cursorScopes = [];
    private readonly Dictionary<string, Action<OpenApiParameter>> _parameters = [];
    private readonly HashSet<(string Route, string Parameter)> _required = [];
    private readonly Dictionary<(string Route, string Header), RequestHeaderNote> _requestHeaders = [];

    /// <summary>The example of each type, as the API would write it.</summary>
    public IReadOnlyDictionary<Type, object> Examples => _examples;

    /// <summary>The text/event-stream answer: what its events are, and a few of them as a client reads them.</summary>
    public EventStreamNote? EventStream { get; private set; }

    public ApiNotes Example<T>(T example)
        where T : notnull => Example(typeof(T), example);

    public ApiNotes Example(Type type, object example)
    {
        Add(_examples, type, example, "example");
        return this;
    }

    public ApiNotes Tag(string name, string description)
    {
        Add(_tags, name, description, "tag");
        return this;
    }

    /// <summary>
    /// Answers of <typeparamref name="T"/> (or a type derived from it, or a page of them) say
    /// something about the caller when a token comes with the read, which works without one: the
    /// read's security is optional, <c>[{}, {Bearer}]</c>.
    /// </summary>
    public ApiNotes PersonalisedByToken<T>()
    {
        _personalised.Add(typeof(T));
        return this;
    }

    /// <summary>What the <c>{id}</c> of the routes under <paramref name="route"/> names, and an example.</summary>
    public ApiNotes PathId(string route, string description, long example)
    {
        Add(_ids, route, new PathIdNote(description, example), "path id");
        return this;
    }

    /// <summary>
    /// The scope of the cursors the listings under <paramref name="route"/> issue and accept (a
    /// cursor belongs to its listing), given the example of the route's <c>{id}</c>.
    /// </summary>
    public ApiNotes CursorScope(string route, Func<long, string> scope)
    {
        Add(_cursorScopes, route, scope, "cursor scope");
        return this;
    }

    /// <summary>Describes every query or path parameter named <paramref name="name"/>, after the generator did.</summary>
    public ApiNotes Parameter(string name, Action<OpenApiParameter> describe)
    {
        Add(_parameters, name, describe, "parameter");
        return this;
    }

    /// <summary>
    /// The query parameter <paramref name="parameter"/> of the route <paramref name="route"/> (exactly) must be sent: the
    /// handler binds it as optional to answer its absence with its own 400.
    /// </summary>
    public ApiNotes Required(string route, string parameter)
    {
        if (!_required.Add((route, parameter)))
        {
            throw Twice("required parameter", $"{route} {parameter}");
        }

        return this;
    }

    /// <summary>A request header the route <paramref name="route"/> (exactly) reads from the request itself, not by binding.</summary>
    public ApiNotes RequestHeader(string route, string name, string description, string example)
    {
        Add(_requestHeaders, (route, name), new RequestHeaderNote(name, description, example), "request header");
        return this;
    }

    public ApiNotes Stream(string description, Func<JsonSerializerOptions, string> example)
    {
        EventStream = EventStream is null ? new EventStreamNote(description, example) : throw Twice("event stream", "");
        return this;
    }

    public string? TagDescription(string tag) => _tags.GetValueOrDefault(tag);

    public bool IsPersonalised(Type answer) =>
        _personalised.Any(t => t.IsAssignableFrom(answer)) || (answer.IsGenericType && answer.GetGenericArguments().Any(IsPersonalised));

    /// <summary>The <c>{id}</c> of <paramref name="route"/>.</summary>
    public PathIdNote? PathIdOf(string route) => Nearest(_ids, route);

    /// <summary>The cursor scope of the listing at <paramref name="route"/>, with the example of its <c>{id}</c>.</summary>
    public string? CursorScopeOf(string route) => Nearest(_cursorScopes, route) is { } scope ? scope(PathIdOf(route)?.Example ?? 0) : null;

    public Action<OpenApiParameter>? ParameterNote(string name) => _parameters.GetValueOrDefault(name);

    public bool IsRequired(string route, string parameter) => _required.Contains((Unconstrained(route), parameter));

    public IEnumerable<RequestHeaderNote> RequestHeadersOf(string route) =>
        _requestHeaders.Where(h => h.Key.Route == Unconstrained(route)).Select(h => h.Value);

    /// <summary>games/{id:long}/members: games/{id}/members.</summary>
    private static string Unconstrained(string route) => Constraint().Replace(route, "{${name}}");

    private static T? Nearest<T>(Dictionary<string, T> notes, string route)
        where T : class
    {
        route = Unconstrained(route);
        return notes.Where(n => n.Key.Length == 0 || route == n.Key || route.StartsWith(n.Key + "/", StringComparison.Ordinal))
            .MaxBy(n => n.Key.Length).Value;
    }

    [GeneratedRegex(@"\{(?<name>\w+):[^}]*\}")]
    private static partial Regex Constraint();

    private static void Add<TKey, TValue>(Dictionary<TKey, TValue> notes, TKey key, TValue value, string what)
        where TKey : notnull
    {
        if (!notes.TryAdd(key, value))
        {
            throw Twice(what, key);
        }
    }

    private static InvalidOperationException Twice(string what, object key) => new($"The {what} {key} is declared twice.");
}

public sealed record PathIdNote(string Description, long Example);

public sealed record RequestHeaderNote(string Name, string Description, string Example);

public sealed record EventStreamNote(string Description, Func<JsonSerializerOptions, string> Example);
