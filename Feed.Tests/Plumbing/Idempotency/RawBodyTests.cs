using Feed.Api.Plumbing.Idempotency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Tests.Plumbing.Idempotency;

/// <summary>
/// A keyed write must be fingerprinted by what it receives; a raw body (a stream the handler reads
/// itself) cannot be hashed beforehand, so such an endpoint is refused when it is built rather
/// than letting a different upload under the same key replay the first answer.
/// </summary>
public sealed class RawBodyTests
{
    [Theory]
    [InlineData(typeof(Stream))]
    [InlineData(typeof(System.IO.Pipelines.PipeReader))]
    public void A_keyed_write_that_binds_a_raw_body_is_refused_when_its_endpoint_is_built(Type raw)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddRouting();
        var app = builder.Build();
        Delegate handler = raw == typeof(Stream)
            ? (Stream body) => TypedResults.Ok()
            : (System.IO.Pipelines.PipeReader body) => TypedResults.Ok();
        app.MapGroup("").WithIdempotentWrites().MapPost("/uploads", handler);

        var build = () => ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints).ToList();

        build.Should().Throw<InvalidOperationException>().WithMessage("*raw*Idempotency-Key cannot fingerprint*");
    }

    [Fact]
    public void A_keyed_write_that_binds_a_typed_body_is_built()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddRouting();
        var app = builder.Build();
        app.MapGroup("").WithIdempotentWrites().MapPost("/notes", (Note note) => TypedResults.Ok(note));

        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints).ToList();

        endpoints.Should().ContainSingle();
    }

    public sealed record Note(string Text);
}
