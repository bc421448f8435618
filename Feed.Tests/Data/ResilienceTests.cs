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
    public async Task A_lost_transaction_thrown_as_MySqlConnector_throws_it_is_an_outage()
    {
        // MySqlConnector makes the exception and returns it in a faulted task: thrown by the await, its
        // Source is System.Private.CoreLib (seen on the cluster: a 500 where a 503 was meant).
        var made = new InvalidOperationException(
            "The transaction associated with this command is not the connection's active transaction; " +
            "see https://mysqlconnector.net/trans");
        var thrown = await FluentActions.Awaiting(() => Task.FromException(made)).Should().ThrowAsync<InvalidOperationException>();

        thrown.Which.Source.Should().NotBe("MySqlConnector");
        Resilience.IsUnavailable(thrown.Which).Should().BeTrue();
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
