using System.Reflection;

namespace Feed.Tests.Architecture;

/// <summary>
/// The suite's filters go by class name: without FEED_TEST_MYSQL, classes ending in <c>_MariaDb</c> are
/// left out and said once (Feed.Tests.csproj). A test that needs MariaDB under another name would print
/// a [SKIP] line in every run without it, beside the one line the README promises.
/// </summary>
public sealed class TestNamingTests
{
    private static readonly Type[] TestClasses = typeof(TestNamingTests).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetMethods().Any(IsTest))
        .ToArray();

    [Fact]
    public void A_class_whose_app_is_MariaDB_only_ends_in_MariaDb()
    {
        var misnamed = TestClasses
            .Where(t => AppOf(t) is { } app && app.Name.Contains("MariaDb", StringComparison.Ordinal))
            .Where(t => !t.Name.EndsWith("_MariaDb", StringComparison.Ordinal))
            .Select(t => t.FullName);

        misnamed.Should().BeEmpty("the filter without FEED_TEST_MYSQL leaves out only classes named _MariaDb");
    }

    [Fact]
    public void No_theory_runs_one_case_per_engine_where_a_class_pair_would()
    {
        var perEngine = TestClasses
            .SelectMany(t => t.GetMethods().Where(IsTest).Select(m => (Type: t, Method: m)))
            .Where(c => !c.Type.Name.EndsWith("_MariaDb", StringComparison.Ordinal))
            .Where(c => c.Method.GetCustomAttributes<InlineDataAttribute>().Any(d => d.Data.Contains(Engine.MariaDb)))
            .Select(c => $"{c.Type.Name}.{c.Method.Name}");

        perEngine.Should().BeEmpty("a MariaDB case of a theory is a [SKIP] line without MariaDB: pair the class per engine instead");
    }

    private static bool IsTest(MethodInfo method) =>
        method.GetCustomAttributes().Any(a => a is FactAttribute);

    /// <summary>The app fixture a test class is given, or null.</summary>
    private static Type? AppOf(Type type) =>
        type.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.ParameterType)
            .FirstOrDefault(p => typeof(FeedApp).IsAssignableFrom(p));
}
