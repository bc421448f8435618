using Feed.Api.Data;

namespace Feed.Tests.Data;

/// <summary>What counts as an outage (503 with Retry-After) rather than a bug (500).</summary>
public sealed class ResilienceTests
{
    [Fact]
    public void A_command_whose_transaction_died_with_its_connection_is_an_outage()
    {
        // As MySqlConnector throws it when a Galera node is killed under a request (seen in the cluster suite).
        var lost = new InvalidOperationException(
            "The transaction associated with this command is not the connection's active transaction; " +
            "see https://mysqlconnector.net/trans")
        { Source = "MySqlConnector" };

        Resilience.IsUnavailable(lost).Should().BeTrue();
    }

    [Fact]
    public void Another_invalid_operation_stays_a_bug()
    {
        var bug = new InvalidOperationException("Sequence contains no elements") { Source = "System.Linq" };
        var elsewhere = new InvalidOperationException("not the connection's active transaction") { Source = "Feed.Api" };

        Resilience.IsUnavailable(bug).Should().BeFalse();
        Resilience.IsUnavailable(elsewhere).Should().BeFalse();
    }
}
