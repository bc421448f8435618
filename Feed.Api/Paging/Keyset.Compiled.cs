using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Feed.Api.Paging;

/// <summary>
/// A page query built for a template request (<see cref="Keyset.Template"/>) and compiled by EF with the request's
/// values as parameters: run it with <see cref="Run"/>.
/// </summary>
public sealed class CompiledPage<TContext, TResult>(
    Func<TContext, DateTime, long, long, int, int, int, int, IAsyncEnumerable<TResult>> query, int[] offsets)
    where TContext : DbContext
{
    /// <summary>The page's rows for <paramref name="page"/> (of the shape the query was built for).</summary>
    public IAsyncEnumerable<TResult> Run(TContext db, PageRequest page)
    {
        int N(int slot) => slot < offsets.Length ? page.Limit + offsets[slot] : 0;
        return query(db, page.Anchor.At, page.Anchor.Id, page.CallerId.GetValueOrDefault(), N(0), N(1), N(2), N(3));
    }
}

/// <summary>
/// The compiled page queries of a listing, by model (SQLite's and MySQL's differ), shape and direction, each built once
/// for a template request and compiled (<see cref="Keyset.Compile"/>). The shapes a reader passes are few (kinds,
/// signed in or not): that bounds what this holds, whatever clients send.
/// </summary>
public sealed class CompiledPages<TContext, TShape, TResult>
    where TContext : DbContext
    where TShape : notnull
{
    private readonly ConcurrentDictionary<(IModel, TShape, PageDirection), CompiledPage<TContext, TResult>> _pages = new();

    /// <summary>
    /// The rows of <paramref name="page"/>, read by the compiled query of <paramref name="shape"/>: the first time,
    /// <paramref name="build"/> builds it for a template of the page.
    /// </summary>
    public async Task<List<TResult>> ReadAsync(
        TContext db, TShape shape, PageRequest page, Func<PageRequest, IQueryable<TResult>> build, CancellationToken cancellationToken)
    {
        var compiled = _pages.GetOrAdd(
            (db.Model, shape, page.Direction),
            static (_, state) => Keyset.Compile<TContext, TResult>(state.build(Keyset.Template(state.page))),
            (build, page));
        return await compiled.Run(db, page).ToListAsync(cancellationToken);
    }
}

public static partial class Keyset
{
    private const int TemplateLimit = 1_000_000; // rows taken or skipped from this on are the limit plus an offset
    private const long TemplateCaller = -7_777_777_771;
    private const long TemplateAnchorId = -5_555_555_551;
    private static readonly DateTime TemplateAnchorAt = new DateTime(1, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(7);

    /// <summary>How many rows a <see cref="Window"/> of <paramref name="page"/> takes: the page, one more, and the anchor's.</summary>
    public static int Taken(PageRequest page) => page.Direction == PageDirection.First ? page.Limit + 1 : page.Limit + 2;

    /// <summary>
    /// <paramref name="page"/> with values no real request has in place of its anchor, limit and caller: build a page
    /// query for it and <see cref="Compile"/> it, and the query is the shape of every request like this one.
    /// </summary>
    public static PageRequest Template(PageRequest page) => page with
    {
        Anchor = page.Direction == PageDirection.First ? page.Anchor : new FeedPosition(TemplateAnchorAt, TemplateAnchorId),
        Limit = TemplateLimit,
        CallerId = page.CallerId is null ? null : TemplateCaller,
    };

    /// <summary>
    /// A page query built for a <see cref="Template"/> as an EF compiled query, whose parameters are the anchor's time and
    /// id, the caller's id and the rows taken and skipped: EF then neither funcletizes, hashes nor looks up the query's
    /// expression tree on each execution, nor does the caller build it (issue 31: half of a page's allocation). The
    /// template's values are found wherever the builders put them (a closure's field, a constant); the context the
    /// query was built on becomes the compiled query's. Every other value the query captured (its kinds, whether the
    /// caller is signed in) is fixed in it: the caller keys the compiled query by them.
    /// </summary>
    public static CompiledPage<TContext, TResult> Compile<TContext, TResult>(IQueryable<TResult> template)
        where TContext : DbContext
    {
        var visitor = new Parameterize(typeof(TContext));
        var body = visitor.Visit(template.Expression);
        if (visitor.Offsets.Count > 4 || new FindTemplate().Finds(body))
        {
            throw new InvalidOperationException("The page query holds a template value it cannot make a parameter of.");
        }

        var p = visitor.Parameters;
        var lambda = Expression.Lambda<Func<TContext, DateTime, long, long, int, int, int, int, IQueryable<TResult>>>(
            body, p.Db, p.Time, p.Id, p.Caller, p.N[0], p.N[1], p.N[2], p.N[3]);
        return new CompiledPage<TContext, TResult>(EF.CompileAsyncQuery(lambda), [.. visitor.Offsets]);
    }

    private sealed record Parameters(
        ParameterExpression Db, ParameterExpression Time, ParameterExpression Id, ParameterExpression Caller, ParameterExpression[] N);

    /// <summary>The value of a captured variable (a chain of fields or properties down to a constant), as EF would read it.</summary>
    private static bool TryCaptured(Expression? node, out object? value)
    {
        value = null;
        switch (node)
        {
            case ConstantExpression constant:
                value = constant.Value;
                return true;
            case MemberExpression { Member: FieldInfo field } member when TryCaptured(member.Expression, out var holder):
                value = field.GetValue(holder);
                return true;
            case MemberExpression { Member: PropertyInfo property } member when TryCaptured(member.Expression, out var holder):
                value = property.GetValue(holder);
                return true;
            default:
                return false;
        }
    }

    /// <summary>A captured expression or query inlined, as EF's funcletizer inlines it.</summary>
    private static Expression? Inlined(object? value) => value switch
    {
        LambdaExpression lambda => Expression.Quote(lambda),
        IQueryable query when query.Expression is not ConstantExpression => query.Expression,
        _ => null,
    };

    private sealed class Parameterize(Type context) : ExpressionVisitor
    {
        public Parameters Parameters { get; } = new(
            Expression.Parameter(context, "db"),
            Expression.Parameter(typeof(DateTime), "time"),
            Expression.Parameter(typeof(long), "id"),
            Expression.Parameter(typeof(long), "me"),
            [.. Enumerable.Range(0, 4).Select(i => Expression.Parameter(typeof(int), $"n{i}"))]);

        public List<int> Offsets { get; } = [];

        protected override Expression VisitMember(MemberExpression node)
        {
            if (!TryCaptured(node, out var value))
            {
                return base.VisitMember(node);
            }

            if (Of(value, node.Type) is { } parameter)
            {
                return parameter;
            }

            if (context.IsAssignableFrom(node.Type))
            {
                return Parameters.Db;
            }

            return Inlined(value) is { } inlined ? Visit(inlined) : base.VisitMember(node);
        }

        protected override Expression VisitConstant(ConstantExpression node) => (Expression?)Of(node.Value, node.Type) ?? node;

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType == typeof(Queryable) && node.Method.Name is nameof(Queryable.Take) or nameof(Queryable.Skip)
                && node.Arguments[1] is ConstantExpression { Value: int count and >= TemplateLimit })
            {
                var offset = count - TemplateLimit;
                if (!Offsets.Contains(offset))
                {
                    Offsets.Add(offset);
                }

                return node.Update(null, [Visit(node.Arguments[0]), Parameters.N[Math.Min(Offsets.IndexOf(offset), 3)]]);
            }

            // EF.Constant(captured) asks EF to inline a captured value; a compiled query inlines what it captured anyway,
            // and EF refuses the marker there: the value itself (evaluated once, here).
            if (node.Method.DeclaringType == typeof(EF) && node.Method.Name == nameof(EF.Constant))
            {
                return Visit(Expression.Constant(Expression.Lambda(node.Arguments[0]).Compile().DynamicInvoke(), node.Type));
            }

            return base.VisitMethodCall(node);
        }

        /// <summary>The parameter a template value stands for, or null.</summary>
        private ParameterExpression? Of(object? value, Type type) => value switch
        {
            DateTime at when at == TemplateAnchorAt && type == typeof(DateTime) => Parameters.Time,
            long id when id == TemplateAnchorId && type == typeof(long) => Parameters.Id,
            long caller when caller == TemplateCaller && type == typeof(long) => Parameters.Caller,
            _ => null,
        };
    }

    /// <summary>Whether a template value is left in a tree (where no parameter took its place).</summary>
    private sealed class FindTemplate : ExpressionVisitor
    {
        private bool _found;

        public bool Finds(Expression expression)
        {
            Visit(expression);
            return _found;
        }

        protected override Expression VisitConstant(ConstantExpression node)
        {
            _found |= IsTemplate(node.Value);
            return node;
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            if (TryCaptured(node, out var value))
            {
                _found |= IsTemplate(value);
                if (Inlined(value) is { } inlined)
                {
                    Visit(inlined);
                }
            }

            return base.VisitMember(node);
        }

        private static bool IsTemplate(object? value) => value switch
        {
            DateTime at => at == TemplateAnchorAt,
            long id => id is TemplateAnchorId or TemplateCaller,
            int count => count >= TemplateLimit,
            _ => false,
        };
    }
}
