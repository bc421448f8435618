using System.Reflection;
using Feed.Api.Media.Images;
using Feed.Api.Plumbing.Problems;
using Microsoft.AspNetCore.Http.Metadata;

namespace Feed.Api.Media;

/// <summary>
/// An upload refused for what its bytes are, with a stable <c>type</c> per reason (two reasons share 413):
/// 415 not an image type the service decodes, 413 too many bytes, 413 too many pixels, 422 does not decode.
/// </summary>
public sealed class MediaProblem(int status, string type, string title, string detail)
    : ProblemResult(status, detail), IEndpointMetadataProvider
{
    public const string TypePrefix = "urn:feed:problem:media:";

    public string Type { get; } = TypePrefix + type;

    public string Title { get; } = title;

    public static MediaProblem Of(ImageRejection reason, string detail) => reason switch
    {
        ImageRejection.UnsupportedType => new(415, "unsupported-type", "Not an image type this service accepts", detail),
        ImageRejection.TooLarge => TooLarge(detail),
        ImageRejection.TooManyPixels => new(413, "too-many-pixels", "The image has too many pixels", detail),
        _ => new(422, "undecodable", "The image does not decode", detail),
    };

    public static MediaProblem TooLarge(string detail) => new(413, "too-large", "The file is too large", detail);

    public override async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCode!.Value;
        await httpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = StatusCode, Type = Type, Title = Title, Detail = Detail },
        });
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        foreach (var status in new[] { StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, 422 })
        {
            Describe(builder, status);
        }
    }
}
