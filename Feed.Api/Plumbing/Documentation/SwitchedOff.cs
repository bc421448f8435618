using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Feed.Api.Plumbing.Documentation;

/// <summary>
/// Examples a reader sees but a "Test Request" does not send until switched on. Scalar fills in an
/// optional parameter's example and switches it on; an example marked <c>x-disabled</c> (Scalar's
/// extension) is shown, switched off, and left out of the code snippets. For parameters whose
/// examples cannot all be sent at once (<c>before</c> and <c>after</c>), or must not be sent as they
/// stand (a fixed <c>Idempotency-Key</c>, an old <c>If-None-Match</c> or <c>If-Match</c>).
/// </summary>
public static class SwitchedOff
{
    /// <summary>Scalar's name for the example it starts a request from (its draft).</summary>
    public const string DraftExample = "draft";

    public const string Extension = "x-disabled";

    /// <summary><paramref name="parameter"/>'s example becomes <paramref name="value"/>, shown but switched off.</summary>
    public static void Example(OpenApiParameter parameter, JsonNode? value, string? summary = null)
    {
        parameter.Example = null;
        parameter.Examples = new Dictionary<string, IOpenApiExample>
        {
            [DraftExample] = new OpenApiExample
            {
                Summary = summary,
                Value = value,
                Extensions = new Dictionary<string, IOpenApiExtension> { [Extension] = new JsonNodeExtension(JsonValue.Create(true)) },
            },
        };
    }
}
