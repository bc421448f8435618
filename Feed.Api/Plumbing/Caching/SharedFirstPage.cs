namespace Feed.Api.Plumbing.Caching;

/// <summary>
/// Marks a listing whose first page is the same for every anonymous caller (no personal flags in
/// it), so the host may serve it from memory for a moment (<see cref="PageCache"/>).
/// </summary>
public sealed class SharedFirstPage
{
    public static readonly SharedFirstPage Instance = new();

    private SharedFirstPage()
    {
    }
}

public static class SharedFirstPages
{
    public static TBuilder WithSharedFirstPage<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(SharedFirstPage.Instance);
}
