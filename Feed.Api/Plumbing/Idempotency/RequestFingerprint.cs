using System.Globalization;
using System.IO.Pipelines;
using System.Reflection;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace Feed.Api.Plumbing.Idempotency;

/// <summary>
/// What tells one keyed write from another: exactly what its endpoint declares it binds. The
/// method and route pattern, the route values, and every argument the handler receives from the
/// request — its body whatever its bound type, query and header values, uploaded files by their bytes —
/// but none it receives from the server (services, <see cref="HttpContext"/>, the cancellation
/// token). Which arguments those are is read once per endpoint from the handler's parameters, as
/// the framework binds them, never from type names. A body counts as its bound value serialized
/// (whitespace and key order do not matter); a file as its name, file name, type and SHA-256. A
/// raw body (<see cref="Stream"/>, <see cref="PipeReader"/>) cannot be hashed before the handler
/// reads it, so a keyed write that binds one is refused when its endpoint is built.
/// </summary>
public sealed class RequestFingerprint
{
    private static readonly Type[] FromTheServer =
    [
        typeof(HttpContext), typeof(HttpRequest), typeof(HttpResponse), typeof(ClaimsPrincipal),
        typeof(CancellationToken),
    ];

    /// <summary>A raw body: read by the handler as it streams, so there is nothing to hash beforehand.</summary>
    private static readonly Type[] RawBodies = [typeof(Stream), typeof(PipeReader)];

    /// <summary>Per handler argument: the parameter it binds, or null for one the server supplies.</summary>
    private readonly Bound?[] _arguments;

    private RequestFingerprint(Bound?[] arguments) => _arguments = arguments;

    /// <summary>The plan for one endpoint, made when the endpoint is built.</summary>
    public static RequestFingerprint For(EndpointFilterFactoryContext context)
    {
        var services = context.ApplicationServices.GetService<IServiceProviderIsService>();
        var parameters = context.MethodInfo.GetParameters();
        if (parameters.FirstOrDefault(p => RawBodies.Contains(p.ParameterType)) is { } raw)
        {
            // Not fingerprinted, a different upload under the same key would replay the first answer.
            throw new InvalidOperationException(
                $"{context.MethodInfo.Name} binds its body as a raw {raw.ParameterType.Name} ('{raw.Name}'), which an " +
                "Idempotency-Key cannot fingerprint: bind an IFormFile, IFormFileCollection or a typed body instead.");
        }

        return new([.. parameters.Select(p => Plan(p.Name!, p.ParameterType, p.GetCustomAttributes(true), services))]);
    }

    /// <summary>SHA-256 of the request as its endpoint binds it.</summary>
    public async ValueTask<byte[]> HashAsync(EndpointFilterInvocationContext context, JsonSerializerOptions json)
    {
        var http = context.HttpContext;
        var text = new StringBuilder().Append(http.Request.Method).Append(' ')
            .Append((http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value);
        foreach (var (name, value) in http.Request.RouteValues.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            text.Append("\nroute ").Append(name).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
        }

        for (var i = 0; i < _arguments.Length && i < context.Arguments.Count; i++)
        {
            if (_arguments[i] is { } bound)
            {
                await AppendAsync(text.Append('\n').Append(bound.Name).Append(' '), bound, context.Arguments[i], json, http.RequestAborted);
            }
        }

        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static async Task AppendAsync(
        StringBuilder text, Bound bound, object? value, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        switch (value)
        {
            case IFormFile file:
                await AppendFileAsync(text, file, cancellationToken);
                return;
            case IFormCollection form:
                foreach (var (name, values) in form.OrderBy(f => f.Key, StringComparer.Ordinal))
                {
                    text.Append("\nfield ").Append(name).Append('=').Append(JsonSerializer.Serialize(values.ToArray(), json));
                }

                foreach (var file in form.Files)
                {
                    await AppendFileAsync(text, file, cancellationToken);
                }

                return;
            case IFormFileCollection files:
                foreach (var file in files)
                {
                    await AppendFileAsync(text, file, cancellationToken);
                }

                return;
            case not null when bound.Members is { } members:
                foreach (var member in members)
                {
                    text.Append("\n.").Append(member.Name).Append(' ');
                    await AppendAsync(text, member, member.Property!.GetValue(value), json, cancellationToken);
                }

                return;
            default:
                text.Append(JsonSerializer.Serialize(value, bound.Type, json));
                return;
        }
    }

    /// <summary>A file by its content: two uploads under one key are the same request only when their bytes are.</summary>
    private static async Task AppendFileAsync(StringBuilder text, IFormFile file, CancellationToken cancellationToken)
    {
        await using var content = file.OpenReadStream();
        var hash = await SHA256.HashDataAsync(content, cancellationToken);
        text.Append("\nfile ").Append(file.Name).Append(' ').Append(JsonSerializer.Serialize(file.FileName))
            .Append(' ').Append(file.ContentType).Append(' ').Append(file.Length).Append(' ').Append(Convert.ToHexString(hash));
    }

    /// <summary>
    /// How the framework binds a parameter (or an <see cref="AsParametersAttribute"/> member): from
    /// the server when it says so or its type is a service or a request-scoped value; from the
    /// request otherwise (route, query, header, body, form).
    /// </summary>
    private static Bound? Plan(
        string name, Type type, object[] attributes, IServiceProviderIsService? services, PropertyInfo? property = null)
    {
        if (attributes.Any(a => a is IFromServiceMetadata or FromKeyedServicesAttribute))
        {
            return null;
        }

        if (attributes.Any(a => a is AsParametersAttribute))
        {
            // A record's members say how they bind on its constructor's parameters; a class's on its properties.
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
            var members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
                .Select(p => Plan(
                    p.Name, p.PropertyType, [.. p.GetCustomAttributes(true), .. ParameterAttributes(constructor, p)], services, p))
                .OfType<Bound>()
                .ToArray();
            return new Bound(name, type, property, members);
        }

        var fromRequest = attributes.Any(a =>
            a is IFromBodyMetadata or IFromRouteMetadata or IFromQueryMetadata or IFromHeaderMetadata or IFromFormMetadata);
        if (!fromRequest && (FromTheServer.Contains(type) || services?.IsService(type) == true))
        {
            return null;
        }

        return new Bound(name, type, property, Members: null);
    }

    private static object[] ParameterAttributes(ConstructorInfo? constructor, PropertyInfo property) =>
        constructor?.GetParameters().FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase))
            ?.GetCustomAttributes(true) ?? [];

    private sealed record Bound(string Name, Type Type, PropertyInfo? Property, Bound[]? Members);
}
