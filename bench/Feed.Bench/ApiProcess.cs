using System.Diagnostics;
using System.Globalization;

namespace Feed.Bench;

/// <summary>
/// A server under test in a process of its own (the API as users run it: <c>dotnet Feed.Api.dll --urls …</c>; or
/// <c>Feed.Bench serve-raw</c>), with its CPU time from <c>/proc/PID/stat</c> and its allocation from dotnet-counters
/// (<c>dotnet.gc.heap.total_allocated</c>, one session for the process's whole life, summed over any time window).
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _countersFile = Path.Combine(Path.GetTempPath(), $"feed-bench-counters-{Guid.NewGuid():N}.csv");
    private Process? _counters;

    private ApiProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Id => _process.Id;

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>
    /// Starts <c>dotnet ARGUMENTS</c> in <paramref name="directory"/> with <paramref name="environment"/>; returns once
    /// <paramref name="ready"/> answers 200.
    /// </summary>
    public static async Task<ApiProcess> StartAsync(
        string directory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, int port, string ready)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine($"  [{port}] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var api = new ApiProcess(process, port);
        using var client = new HttpClient();
        for (var i = 0; i < 240; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server on port {port} exited ({process.ExitCode}) before it was ready.");
            }

            try
            {
                if ((await client.GetAsync(new Uri(api.Address, ready))).IsSuccessStatusCode)
                {
                    return api;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The server on port {port} was not ready in 60 s.");
    }

    /// <summary>CPU seconds (user + system) the process has used so far.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 of the file (utime, stime) in clock ticks; the split starts at field 3.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>
    /// Starts watching the process's allocation for <paramref name="duration"/> (dotnet-counters, run from <paramref name="root"/>'s
    /// tool manifest; it writes its file only when its session ends, and a signal ends it without one: hence a set duration).
    /// </summary>
    public async Task WatchAllocationAsync(string root, TimeSpan duration)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "dotnet-counters", "collect", "-p", Id.ToString(CultureInfo.InvariantCulture), "--counters",
            "System.Runtime[dotnet.gc.heap.total_allocated]", "--format", "csv", "-o", _countersFile, "--refresh-interval", "1",
            "--duration", duration.ToString(@"dd\:hh\:mm\:ss", CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        _counters = Process.Start(start)!;
        _counters.OutputDataReceived += (_, _) => { };
        _counters.ErrorDataReceived += (_, _) => { };
        _counters.BeginOutputReadLine();
        _counters.BeginErrorReadLine();
        await Task.Delay(TimeSpan.FromSeconds(Lead)); // the session is up before anything is measured
    }

    /// <summary>Seconds a dotnet-counters session takes to start before what it should see begins.</summary>
    public const double Lead = 2.5;

    /// <summary>Waits for the watch to end; returns (second, bytes allocated in the second before it), UTC.</summary>
    public async Task<List<(DateTime At, double Bytes)>> AllocationAsync()
    {
        if (_counters is null)
        {
            return [];
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await _counters.WaitForExitAsync(patience.Token);

        var samples = new List<(DateTime, double)>();
        foreach (var line in File.Exists(_countersFile) ? File.ReadLines(_countersFile).Skip(1) : [])
        {
            var cells = line.Split(',');
            if (cells.Length >= 5 && cells[2].StartsWith("dotnet.gc.heap.total_allocated", StringComparison.Ordinal))
            {
                var at = DateTime.ParseExact(cells[0], "MM/dd/yyyy HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal);
                samples.Add((at.ToUniversalTime(), double.Parse(cells[4], CultureInfo.InvariantCulture)));
            }
        }

        File.Delete(_countersFile);
        _counters.Dispose();
        _counters = null;
        return samples.Count > 0 ? samples : throw new InvalidOperationException($"dotnet-counters wrote nothing for process {Id}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_counters is { HasExited: false })
        {
            _counters.Kill(entireProcessTree: true);
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
