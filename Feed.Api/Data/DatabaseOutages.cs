using System.Data.Common;
using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace Feed.Api.Data;

/// <summary>The <c>Resilience</c> configuration section: how the service behaves while the database is unreachable.</summary>
public sealed class ResilienceOptions
{
    /// <summary>The <c>Retry-After</c> sent with a 503 while the database is unreachable.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a read (GET) is retried on a transient MySQL error before the 503. Writes never are.</summary>
    public int ReadRetries { get; set; } = 2;

    /// <summary>The longest pause between two read attempts (EF's exponential back-off: 0 s, then about 1 s, ...).</summary>
    public TimeSpan ReadRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>No read retry starts later than this after the first attempt, so a database that does not answer at all (a network partition, not a refusal) costs one connect timeout, not three.</summary>
    public TimeSpan ReadRetryBudget { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>MySQL's connect timeout when the connection string names none (MySqlConnector's own default is 15 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);
}

/// <summary>
/// A database that does not answer is an outage, not a bug: 503 problem+json with
/// <c>Retry-After</c>, and the next request tries again (connection pools reconnect by themselves,
/// so the service recovers without a restart). Reads are retried first; writes are not.
/// </summary>
public static partial class DatabaseOutages
{
    public static IServiceCollection AddDatabaseOutageHandling(this IServiceCollection services)
    {
        services.AddOptions<ResilienceOptions>().BindConfiguration("Resilience");
        services.AddExceptionHandler<UnavailableHandler>();
        return services;
    }

    /// <summary>
    /// Retries the GET endpoints of <paramref name="group"/> through EF's MySQL execution strategy
    /// (exponential back-off, transient errors only). A GET only reads, so running it again is safe.
    /// POST, PUT and DELETE get no filter: a write whose commit was lost with the connection may have
    /// happened, and running it again could do it twice; it answers 503 and the client decides.
    /// </summary>
    public static TBuilder RetryReadsOnTransientFailures<TBuilder>(this TBuilder group)
        where TBuilder : IEndpointConventionBuilder
    {
        group.AddEndpointFilter(static (context, next) =>
            HttpMethods.IsGet(context.HttpContext.Request.Method) || HttpMethods.IsHead(context.HttpContext.Request.Method)
                ? RetryAsync(context, next)
                : next(context));
        return group;
    }

    private static async ValueTask<object?> RetryAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var services = context.HttpContext.RequestServices;
        var db = services.GetRequiredKeyedService<FeedDbContext>(FeedDatabase.Reads);
        if (!db.Database.IsMySql())
        {
            return await next(context); // SQLite is a local file: nothing transient to wait out
        }

        var options = services.GetRequiredService<IOptions<ResilienceOptions>>().Value;
        var strategy = new ReadRetryStrategy(db, options.ReadRetries, options.ReadRetryMaxDelay, options.ReadRetryBudget, services.GetRequiredService<TimeProvider>());
        return await strategy.ExecuteAsync(
            (context, next),
            static async (_, state, _) => await state.next(state.context),
            verifySucceeded: null,
            context.HttpContext.RequestAborted);
    }

    /// <summary>Adds <see cref="ResilienceOptions.ConnectTimeout"/> to a MySQL connection string that sets no connect timeout of its own.</summary>
    public static string WithConnectTimeout(string connectionString, TimeSpan timeout)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        if (given.Any(key => key is "CONNECTTIMEOUT" or "CONNECTIONTIMEOUT"))
        {
            return connectionString;
        }

        return new MySqlConnectionStringBuilder(connectionString) { ConnectionTimeout = (uint)Math.Max(1, Math.Ceiling(timeout.TotalSeconds)) }.ConnectionString;
    }

    /// <summary>
    /// True when <paramref name="exception"/> (or one it wraps) says the database cannot be reached
    /// or is too busy right now: a refused or lost connection, a timeout, a server shutting down,
    /// a locked SQLite file. False for everything else, bugs included (those stay 500s).
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case MySqlException mysql when mysql.IsTransient
                    || mysql.ErrorCode is MySqlErrorCode.UnableToConnectToHost or MySqlErrorCode.ServerShutdown
                        or MySqlErrorCode.CommandTimeoutExpired or MySqlErrorCode.ConnectionCountError
                        or MySqlErrorCode.TooManyUserConnections:
                case SqliteException { SqliteErrorCode: 5 or 6 or 10 or 14 }: // BUSY, LOCKED, IOERR, CANTOPEN
                case TimeoutException or SocketException or IOException:
                case RetryLimitExceededException:
                    return true;
                case DbException:
                    return e.InnerException is not null && IsUnavailable(e.InnerException);
            }
        }

        return false;
    }

    /// <summary>
    /// EF's MySQL retrying strategy, seeing through the wrapper in which the context's own
    /// (non-retrying) strategy hands a transient error up: "likely due to a transient failure".
    /// </summary>
    private sealed class ReadRetryStrategy(DbContext db, int retries, TimeSpan maxDelay, TimeSpan budget, TimeProvider clock)
        : MySqlRetryingExecutionStrategy(db, retries, maxDelay, errorNumbersToAdd: null)
    {
        private readonly long _started = clock.GetTimestamp();

        protected override bool ShouldRetryOn(Exception exception) =>
            clock.GetElapsedTime(_started) < budget
            && (base.ShouldRetryOn(exception) || exception is InvalidOperationException { InnerException: { } inner } && base.ShouldRetryOn(inner));
    }

    private sealed partial class UnavailableHandler(
        IProblemDetailsService problemDetails, IOptions<ResilienceOptions> options, ILogger<UnavailableHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (!IsUnavailable(exception))
            {
                return false;
            }

            LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, exception.GetBaseException().Message);
            var retryAfter = (int)Math.Max(1, Math.Ceiling(options.Value.RetryAfter.TotalSeconds));
            httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            httpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return await problemDetails.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "The database is unavailable",
                    Detail = HttpMethods.IsGet(httpContext.Request.Method) || HttpMethods.IsHead(httpContext.Request.Method)
                        ? $"The feed's database cannot be reached right now. Try again in {retryAfter} s."
                        : $"The feed's database cannot be reached right now. Try again in {retryAfter} s; if the connection was lost while saving, the change may have been saved, so look before sending it again.",
                },
            });
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable for {Method} {Path}: {Reason}")]
        private static partial void LogUnavailable(ILogger logger, string method, string path, string reason);
    }
}
