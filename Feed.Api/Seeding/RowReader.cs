using System.Data.Common;

namespace Feed.Api.Seeding;

/// <summary>Rows as MySqlBulkCopy reads them, streamed: no DataTable in between.</summary>
internal sealed class RowReader(IEnumerable<object?[]> rows, int fieldCount) : DbDataReader
{
    private readonly IEnumerator<object?[]> _rows = rows.GetEnumerator();

    public long RowsRead { get; private set; }

    public override int FieldCount => fieldCount;

    public override bool Read()
    {
        var more = _rows.MoveNext();
        RowsRead += more ? 1 : 0;
        return more;
    }

    public override object GetValue(int ordinal) => _rows.Current[ordinal] ?? DBNull.Value;

    public override int GetValues(object[] values)
    {
        for (var i = 0; i < fieldCount; i++)
        {
            values[i] = GetValue(i);
        }

        return fieldCount;
    }

    public override bool IsDBNull(int ordinal) => _rows.Current[ordinal] is null;

    public override string GetName(int ordinal) => $"c{ordinal}";

    public override int GetOrdinal(string name) => int.Parse(name.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);

    public override Type GetFieldType(int ordinal) => typeof(object);

    public override string GetDataTypeName(int ordinal) => "object";

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool GetBoolean(int ordinal) => (bool)GetValue(ordinal);

    public override byte GetByte(int ordinal) => (byte)GetValue(ordinal);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        throw new NotSupportedException();

    public override char GetChar(int ordinal) => (char)GetValue(ordinal);

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
        throw new NotSupportedException();

    public override DateTime GetDateTime(int ordinal) => (DateTime)GetValue(ordinal);

    public override decimal GetDecimal(int ordinal) => (decimal)GetValue(ordinal);

    public override double GetDouble(int ordinal) => (double)GetValue(ordinal);

    public override float GetFloat(int ordinal) => (float)GetValue(ordinal);

    public override Guid GetGuid(int ordinal) => (Guid)GetValue(ordinal);

    public override short GetInt16(int ordinal) => (short)GetValue(ordinal);

    public override int GetInt32(int ordinal) => (int)GetValue(ordinal);

    public override long GetInt64(int ordinal) => (long)GetValue(ordinal);

    public override string GetString(int ordinal) => (string)GetValue(ordinal);

    public override bool HasRows => true;

    public override bool IsClosed => false;

    public override int RecordsAffected => -1;

    public override int Depth => 0;

    public override bool NextResult() => false;

    public override System.Collections.IEnumerator GetEnumerator() => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rows.Dispose();
        }

        base.Dispose(disposing);
    }
}
