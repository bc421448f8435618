using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Feed.Api.Data;

/// <summary>
/// The columns of the one feed table, every kind's, as the EF model maps them, and how to read
/// each from an item: the seeder writes rows and the digest hashes them from here, so a new kind
/// (a new entity type with its configuration) needs nothing added in either.
/// </summary>
public sealed class FeedItemColumns
{
    private readonly StoreObjectIdentifier _table;
    private readonly Dictionary<Type, Column?[]> _readers = [];

    public FeedItemColumns(IModel model)
    {
        var root = model.FindEntityType(typeof(FeedItem)) ?? throw new InvalidOperationException("FeedItem is not in the model.");
        _table = StoreObjectIdentifier.Table(root.GetTableName()!, root.GetSchema());
        Names = root.GetDerivedTypesInclusive()
            .SelectMany(type => type.GetDeclaredProperties())
            .Select(property => property.GetColumnName(_table)!)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var type in root.GetDerivedTypesInclusive().Where(t => !t.IsAbstract()))
        {
            _readers[type.ClrType] = Names.Select(name => Reader(type, name)).ToArray();
        }
    }

    public static FeedItemColumns Of(DbContext db) => new(db.Model);

    /// <summary>The column names, in ordinal order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>
    /// <paramref name="item"/>'s value for each of <see cref="Names"/> as the database stores it (null
    /// for another kind's column); <paramref name="given"/> overrides this kind's values by property
    /// name (the seeder gives ids and counters).
    /// </summary>
    public object?[] Values(FeedItem item, IReadOnlyDictionary<string, object?>? given = null)
    {
        if (!_readers.TryGetValue(item.GetType(), out var readers))
        {
            throw new InvalidOperationException(
                $"{item.GetType().Name} is not a kind of the EF model: give it an IEntityTypeConfiguration.");
        }

        var values = new object?[readers.Length];
        for (var i = 0; i < readers.Length; i++)
        {
            values[i] = readers[i] is not { } column ? null
                : given is not null && given.TryGetValue(column.Property, out var value) ? value
                : column.Read(item);
        }

        return values;
    }

    /// <summary>
    /// How to read <paramref name="column"/> from an item of <paramref name="type"/>; null when it is
    /// not one of that kind's columns.
    /// </summary>
    private Column? Reader(IEntityType type, string column)
    {
        var property = type.GetProperties().FirstOrDefault(p => p.GetColumnName(_table) == column);
        if (property is null)
        {
            return null;
        }

        if (property.IsShadowProperty())
        {
            // The one shadow column is the discriminator: the kind's name.
            var discriminator = type.GetDiscriminatorValue();
            return property == type.FindDiscriminatorProperty()
                ? new Column(property.Name, _ => discriminator)
                : throw new InvalidOperationException($"No value for {column}.");
        }

        var getter = property.GetGetter();
        var converter = property.GetTypeMapping().Converter;
        return new Column(
            property.Name,
            converter is null ? getter.GetClrValue : item => converter.ConvertToProvider(getter.GetClrValue(item)));
    }

    private sealed record Column(string Property, Func<FeedItem, object?> Read);
}
