using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Feed.Api.Plumbing.Wire;

/// <summary>
/// One rule for every whole number in a URL: decimal digits only, no sign, no spaces, no leading
/// zeros (<c>5</c>; not <c>05</c>, <c>+5</c>, <c> 5</c> or <c>5.0</c>), so one number has one spelling
/// and an answer never depends on how a client happened to write it.
/// <list type="bullet">
/// <item>In the path (<c>{id:long}</c>, <c>{id:int}</c>): an id spelled otherwise names nothing,
/// so the route does not match and the answer is the 404 of an unknown route, as for <c>/feed/abc</c>.</item>
/// <item>In the query (a handler's integer parameter, <c>limit</c>): a 400 problem keyed by the
/// parameter's name, before the page cache is consulted or the handler binds it.</item>
/// </list>
/// The document says so: every integer path or query parameter carries <see cref="Pattern"/>.
/// </summary>
public static class CanonicalNumbers
{
    public const string Pattern = "^(0|[1-9][0-9]*)$";

    private static readonly Type[] Integers =
        [typeof(int), typeof(long), typeof(short), typeof(byte), typeof(uint), typeof(ulong), typeof(ushort), typeof(sbyte)];

    private static readonly ConcurrentDictionary<Endpoint, string[]> QueryIntegers = new();

    /// <summary>Whether <paramref name="text"/> is a whole number in its one spelling.</summary>
    public static bool IsCanonical(ReadOnlySpan<char> text) =>
        text.Length > 0 && !text.ContainsAnyExceptInRange('0', '9') && (text[0] != '0' || text.Length == 1);

    /// <summary>The rule for route ids (replacing the framework's lenient <c>long</c> and <c>int</c>), queries and the document.</summary>
    public static IHostApplicationBuilder AddCanonicalNumbers(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<RouteOptions>(o =>
        {
            o.SetParameterPolicy<CanonicalRouteInteger<long>>("long");
            o.SetParameterPolicy<CanonicalRouteInteger<int>>("int");
        });
        builder.Services.ConfigureAll<OpenApiOptions>(o => o.AddOperationTransformer((operation, _, _) =>
        {
            foreach (var parameter in operation.Parameters ?? [])
            {
                if (parameter.In is ParameterLocation.Path or ParameterLocation.Query
                    && parameter.Schema is OpenApiSchema { Type: { } type } schema && type.HasFlag(JsonSchemaType.Integer))
                {
                    schema.Pattern = Pattern;
                }
            }

            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>After routing: a query integer spelled otherwise is a 400 naming the parameter.</summary>
    public static WebApplication UseCanonicalQueryNumbers(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (http.GetEndpoint() is { } endpoint && http.Request.QueryString.HasValue)
            {
                foreach (var name in QueryIntegers.GetOrAdd(endpoint, QueryIntegersOf))
                {
                    if (http.Request.Query.TryGetValue(name, out var values) && (values.Count != 1 || !IsCanonical(values[0])))
                    {
                        var shown = values.Count == 1 ? $"'{values[0]}' is not" : "Several values are not";
                        await TypedResults.ValidationProblem(
                            new Dictionary<string, string[]>
                            {
                                [name] = [$"{shown} a valid value for {name}: send it once, as decimal digits only " +
                                    "(no sign, spaces or leading zeros)."],
                            },
                            detail: $"The query parameter {name} could not be read.").ExecuteAsync(http);
                        return;
                    }
                }
            }

            await next(http);
        });
        return app;
    }

    /// <summary>The names of the integer parameters an endpoint's handler binds from the query, read once per endpoint.</summary>
    private static string[] QueryIntegersOf(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<MethodInfo>() is not { } method)
        {
            return [];
        }

        var routeNames = (endpoint as RouteEndpoint)?.RoutePattern.Parameters.Select(p => p.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        return [.. method.GetParameters().SelectMany(p => Names(p.Name!, p.ParameterType, p.GetCustomAttributes(true), routeNames))];
    }

    private static IEnumerable<string> Names(string name, Type type, object[] attributes, HashSet<string> routeNames)
    {
        if (attributes.Any(a => a is AsParametersAttribute))
        {
            // A record's members say how they bind on its constructor's parameters; a class's on its properties.
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
            return type.GetProperties(BindingFlags.Public | BindingFlags.Instance).SelectMany(p =>
            {
                var declared = constructor?.GetParameters()
                    .FirstOrDefault(c => string.Equals(c.Name, p.Name, StringComparison.OrdinalIgnoreCase))?.GetCustomAttributes(true);
                return Names(p.Name, p.PropertyType, [.. p.GetCustomAttributes(true), .. declared ?? []], routeNames);
            });
        }

        if (!Integers.Contains(Nullable.GetUnderlyingType(type) ?? type))
        {
            return [];
        }

        if (attributes.OfType<IFromQueryMetadata>().FirstOrDefault() is { } query)
        {
            return [query.Name ?? name];
        }

        var elsewhere = attributes.Any(a => a is IFromRouteMetadata or IFromHeaderMetadata or IFromBodyMetadata or IFromFormMetadata
            or IFromServiceMetadata);
        return elsewhere || routeNames.Contains(name) ? [] : [name];
    }
}

/// <summary>A route segment that is a <typeparamref name="T"/> in its one spelling (<see cref="CanonicalNumbers"/>).</summary>
public sealed class CanonicalRouteInteger<T> : IRouteConstraint
    where T : IBinaryInteger<T>
{
    public bool Match(
        HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value)
        && Convert.ToString(value, CultureInfo.InvariantCulture) is { } text
        && CanonicalNumbers.IsCanonical(text)
        && T.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _);
}
