namespace Feed.Api.Data;

/// <summary>
/// The <c>Resilience</c> configuration section: how the service behaves while the database is unreachable.
/// The defaults are here and nowhere else.
/// </summary>
public sealed class ResilienceOptions
{
    public const string Section = "Resilience";

    /// <summary>The <c>Retry-After</c> sent with a 503 while the database is unreachable.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a read (GET) is retried on a transient MySQL error before the 503. Writes never are.</summary>
    public int ReadRetries { get; set; } = 2;

    /// <summary>The longest pause between two read attempts (EF's exponential back-off: 0 s, then about 1 s, ...).</summary>
    public TimeSpan ReadRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// No read retry starts later than this after the first attempt, so a database that does not answer at all
    /// (a network partition, not a refusal) costs one connect timeout, not three.
    /// </summary>
    public TimeSpan ReadRetryBudget { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>MySQL's connect timeout when the connection string names none (MySqlConnector's own default is 15 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
