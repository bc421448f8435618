using Microsoft.OpenApi;

namespace Feed.Api.Docs;

/// <summary>
/// Uploads as generators type them: the generator makes <c>IFormFile</c> a component and references it; each
/// multipart property that does becomes an inline <c>type: string, format: binary</c> (what openapi-typescript,
/// Kiota and NSwag turn into a file or stream parameter), required, with the component gone.
/// </summary>
public static class UploadSchemas
{
    private const string FormFile = "IFormFile";

    public static void Inline(OpenApiDocument document)
    {
        foreach (var operation in document.Paths.Values.Where(p => p.Operations is not null).SelectMany(p => p.Operations!.Values))
        {
            if (operation.RequestBody?.Content?.TryGetValue("multipart/form-data", out var form) != true
                || form!.Schema is not OpenApiSchema { Properties: { } properties } schema)
            {
                continue;
            }

            var files = properties.Where(p => p.Value is OpenApiSchemaReference { Reference.Id: FormFile }).Select(p => p.Key).ToList();
            foreach (var name in files)
            {
                properties[name] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Format = "binary",
                    Description = "The picture's bytes (JPEG, PNG or WebP), with its file name.",
                };
                schema.Required ??= new HashSet<string>();
                schema.Required.Add(name);
            }
        }

        document.Components?.Schemas?.Remove(FormFile);
    }
}
