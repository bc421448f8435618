using Microsoft.OpenApi;

namespace Feed.Api.Docs;

/// <summary>
/// Tidies how the generator describes the item hierarchy. It emits <c>anyOf</c> + discriminator
/// for the base type, with one <c>FeedItemResponsePostResponse</c>-style schema per kind, and,
/// because each kind also declares itself polymorphic (so typed feeds write <c>type</c>), a
/// one-branch wrapper per kind. This makes it a base schema and one schema per kind: the base
/// (<c>FeedItemResponse</c>) holds the fields every kind shares and the discriminator on
/// <c>type</c> with its mapping; each kind is <c>allOf</c> the base and its own fields. Wherever
/// an item of any kind appears, the document references the base.
/// </summary>
/// <remarks>
/// Why a base and not a <c>oneOf</c> where items appear: NSwag (NJsonSchema) types a <c>oneOf</c>
/// as its first branch, so a mixed page would read every item as a post; with the base it emits
/// one class per kind deriving from it and reads each item as its kind. Kiota does the same;
/// openapi-typescript, @hey-api/openapi-ts and orval type the base and each kind (with its
/// literal <c>type</c>), and a client narrows on <c>type</c> to its kind (clients/*).
/// </remarks>
public static class PolymorphicSchemas
{
    public static void Simplify(OpenApiDocument document)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null)
        {
            return;
        }

        // 1. A kind's one-branch wrapper becomes the branch itself.
        foreach (var (name, schema) in schemas.ToList())
        {
            if (schema is OpenApiSchema { Discriminator.Mapping.Count: 1 } wrapper
                && wrapper.AnyOf is [OpenApiSchemaReference only]
                && only.Reference.Id == name + name
                && schemas.TryGetValue(name + name, out var branch))
            {
                schemas[name] = branch;
                schemas.Remove(name + name);
            }
        }

        // 2. The base's branches point at the kinds' own schemas; anyOf becomes oneOf.
        foreach (var (name, schema) in schemas.ToList())
        {
            if (schema is not OpenApiSchema { Discriminator.Mapping: { } mapping } polymorphic || polymorphic.AnyOf is null)
            {
                continue;
            }

            foreach (var (value, target) in mapping.ToList())
            {
                var kindName = target.Reference.Id?.StartsWith(name, StringComparison.Ordinal) == true
                    ? target.Reference.Id[name.Length..]
                    : null;
                if (kindName is not null && schemas.ContainsKey(kindName))
                {
                    mapping[value] = new OpenApiSchemaReference(kindName, document);
                    schemas.Remove(target.Reference.Id!);
                }
            }

            // Each kind is an object that always has its type, so generated clients narrow on it
            // (type: "post", not type?: "post") and a kind's schema accepts no other kind.
            foreach (var (value, target) in mapping)
            {
                if (schemas.TryGetValue(target.Reference.Id!, out var kind) && kind is OpenApiSchema concrete)
                {
                    concrete.Type = JsonSchemaType.Object;
                    concrete.Required ??= new HashSet<string>();
                    concrete.Required.Add(polymorphic.Discriminator.PropertyName!);
                }
            }

            polymorphic.AnyOf = null;
            Inherit(document, name, polymorphic, [.. mapping.Values.Select(r => r.Reference.Id!)]);
        }
    }

    /// <summary>
    /// 3. The fields every kind has move to the base, beside <c>type</c>; each kind becomes
    /// <c>allOf</c> the base and what is its own (its <c>type</c> too, a single value, so a kind's
    /// schema still accepts only that kind).
    /// </summary>
    private static void Inherit(OpenApiDocument document, string name, OpenApiSchema polymorphic, IReadOnlyList<string> kinds)
    {
        var schemas = document.Components!.Schemas!;
        var concrete = kinds.Select(k => schemas[k]).OfType<OpenApiSchema>().ToList();
        if (concrete.Count != kinds.Count || concrete.Any(k => k.Properties is null))
        {
            return;
        }

        var discriminator = polymorphic.Discriminator!.PropertyName!;
        var mapping = polymorphic.Discriminator.Mapping!;
        var shared = concrete[0].Properties!.Keys
            .Where(p => p != discriminator && concrete.All(k => k.Properties!.ContainsKey(p)))
            .ToList();

        polymorphic.Type = JsonSchemaType.Object;
        polymorphic.Properties = new Dictionary<string, IOpenApiSchema>
        {
            [discriminator] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = $"Which kind the item is, and so which fields follow: {string.Join(", ", mapping.Keys)}.",
            },
        };
        polymorphic.Required = new HashSet<string> { discriminator };
        foreach (var property in shared)
        {
            polymorphic.Properties[property] = concrete[0].Properties![property];
            if (concrete.All(k => k.Required?.Contains(property) == true))
            {
                polymorphic.Required.Add(property);
            }
        }

        for (var i = 0; i < kinds.Count; i++)
        {
            var kind = concrete[i];
            var own = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = kind.Properties!.Where(p => !shared.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value),
                Required = kind.Required?.Where(p => !shared.Contains(p)).ToHashSet(),
            };
            schemas[kinds[i]] = new OpenApiSchema
            {
                Description = kind.Description,
                Examples = kind.Examples,
                AllOf = [new OpenApiSchemaReference(name, document), own],
            };
        }
    }
}
