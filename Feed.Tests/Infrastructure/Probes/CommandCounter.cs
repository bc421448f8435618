using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Feed.Tests.Infrastructure;

/// <summary>Counts the SQL commands EF sends, as the seed system's query-count test did.</summary>
public sealed class CommandCounter : DbCommandInterceptor
{
    private int _count;
    private readonly List<string> _log = [];

    public int Count => _count;

    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToList();
            }
        }
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _count, 0);
        lock (_log)
        {
            _log.Clear();
        }
    }

    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        Interlocked.Increment(ref _count);
        lock (_log)
        {
            _log.Add(result.CommandText);
        }

        return result;
    }
}
