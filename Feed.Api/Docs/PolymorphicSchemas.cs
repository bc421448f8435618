using Microsoft.OpenApi;

namespace Feed.Api.Docs;

/// <summary>
/// Tidies how the generator describes the item hierarchy. It emits <c>anyOf</c> + discriminator
/// for the base type, with one <c>FeedItemResponsePostResponse</c>-style schema per kind, and,
/// because each kind also declares itself polymorphic (so typed feeds write <c>type</c>), a
/// one-branch wrapper per kind. This makes it one schema per kind, referenced by the base's
/// <c>oneOf</c> and mapping: an item is exactly one kind.
/// </summary>
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
            // (type: "post", not type?: "post") and the oneOf branches cannot overlap.
            foreach (var (value, target) in mapping)
            {
                if (schemas.TryGetValue(target.Reference.Id!, out var kind) && kind is OpenApiSchema concrete)
                {
                    concrete.Type = JsonSchemaType.Object;
                    concrete.Required ??= new HashSet<string>();
                    concrete.Required.Add(polymorphic.Discriminator.PropertyName!);
                }
            }

            polymorphic.OneOf = mapping.Values.Select(r => (IOpenApiSchema)new OpenApiSchemaReference(r.Reference.Id!, document)).ToList();
            polymorphic.AnyOf = null;
        }
    }
}
