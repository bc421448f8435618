namespace Feed.Api.Plumbing.Wire;

/// <summary>What an endpoint filter sees of a handler's typed result.</summary>
public static class HandlerResults
{
    /// <summary>The result a <c>Results&lt;Ok&lt;T&gt;, NotFoundProblem&gt;</c> holds (the one the handler chose).</summary>
    public static object? Unwrap(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return result;
    }

    /// <summary>
    /// The <c>T</c> of <c>Ok&lt;T&gt;</c>: what the framework serializes the value as (a base type writes its discriminator).
    /// </summary>
    public static Type DeclaredType(object result, object value) =>
        result.GetType() is { IsGenericType: true } generic
        && generic.GetGenericArguments() is [var declared]
        && declared.IsInstanceOfType(value)
            ? declared
            : value.GetType();
}
