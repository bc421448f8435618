using System.Diagnostics;
using Feed.Api.Seeding;
using Spectre.Console;

namespace Feed.Api.Cli;

/// <summary>
/// Shows a seeding run: a live bar with rows/s and the time left on a terminal (Spectre.Console),
/// a plain line every 10 % or 5 s otherwise (CI logs, pipes, tests).
/// </summary>
internal static class SeedProgressDisplay
{
    /// <summary>Live traffic's progress: its actions are counted as items and rows.</summary>
    public const string Actions = "actions";

    public static async Task<T> RunAsync<T>(
        TextWriter output, bool terminal, long totalItems, Func<IProgress<SeedProgress>, Task<T>> seed, string unit = "items")
    {
        if (!terminal)
        {
            return await seed(new Lines(output, unit));
        }

        return await AnsiConsole.Progress()
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new RemainingTimeColumn(),
                new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(unit == Actions ? "Live traffic" : "Seeding", maxValue: Math.Max(totalItems, 1));
                var result = await seed(new Bar(task, unit));
                task.Value = task.MaxValue;
                return result;
            });
    }

    public static string Describe(SeedProgress p, string unit) => unit == Actions
        ? $"{p.Items:N0} of {p.TotalItems:N0} actions, {p.RowsPerSecond:N1}/s"
        : $"{p.Items:N0} of {p.TotalItems:N0} items, {p.Rows:N0} rows, {p.RowsPerSecond:N0} rows/s" + p.Phase switch
        {
            SeedPhase.Generating => p.Photos > 0 ? $", {p.Photos:N0} photos" : "",
            SeedPhase.Pictures => ", drawing pictures",
            SeedPhase.Delivering => $", delivering: {p.Delivered:N0} of {p.TotalItems:N0} items in their homes",
            _ => $", {p.Phase}",
        };

    /// <summary>
    /// Reports synchronously, on the seeding thread (<see cref="Progress{T}"/> would post to the thread pool, out of order).
    /// </summary>
    private sealed class Bar(ProgressTask task, string unit) : IProgress<SeedProgress>
    {
        public void Report(SeedProgress value)
        {
            task.Description = Describe(value, unit);
            task.Value = value.Items;
        }
    }

    private sealed class Lines(TextWriter output, string unit) : IProgress<SeedProgress>
    {
        private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
        private long _nextTenth = 1;

        public void Report(SeedProgress value)
        {
            var tenths = value.TotalItems > 0 ? value.Items * 10 / value.TotalItems : 10;
            if (tenths < _nextTenth && _sinceLine.Elapsed < TimeSpan.FromSeconds(5))
            {
                return;
            }

            _nextTenth = tenths + 1;
            _sinceLine.Restart();
            var eta = value.Remaining is { } left ? $", {left:hh\\:mm\\:ss} left" : "";
            output.WriteLine($"seed: {Describe(value, unit)}{eta}");
        }
    }
}
