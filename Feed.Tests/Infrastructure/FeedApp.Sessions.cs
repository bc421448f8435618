using System.Data.Common;
using System.Globalization;
using Feed.Api.Data;
using Feed.Api.Users;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feed.Tests.Infrastructure;

/// <summary>Test tokens belong to real sessions, as a sign-in's do.</summary>
public partial class FeedApp
{
    /// <summary>
    /// An access token of a new session of <paramref name="user"/>'s (a sign-in without the password), issued at
    /// <paramref name="issuedAt"/>. The session's row is written by a command of its own, outside EF, so that it is not
    /// counted among the app's SQL commands (<see cref="Commands"/>); a user not stored gets a token of no session.
    /// </summary>
    public string TokenFor(User user, DateTime issuedAt)
    {
        var auth = Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        return Tokens.Issue(user, user.Id == 0 ? 0 : StartSession(user.Id, issuedAt, auth), auth, issuedAt);
    }

    private long StartSession(long userId, DateTime issuedAt, AuthOptions auth)
    {
        using var scope = Services.CreateScope();
        var connection = scope.ServiceProvider.GetRequiredService<FeedDbContext>().Database.GetDbConnection();
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            var lastId = Provider == DatabaseProvider.Sqlite ? "last_insert_rowid()" : "LAST_INSERT_ID()";
            command.CommandText = "INSERT INTO Sessions (UserId, Secret, Generation, CreatedAt, RefreshedAt, ExpiresAt, Device) " +
                $"VALUES (@user, @secret, 0, @at, @at, @expires, 'tests'); SELECT {lastId};";
            foreach (var (name, value) in new (string, object)[]
                     {
                         ("@user", userId), ("@secret", RefreshTokens.NewSecret()), ("@at", issuedAt),
                         ("@expires", issuedAt + auth.RefreshTokenLifetime),
                     })
            {
                var parameter = command.CreateParameter();
                (parameter.ParameterName, parameter.Value) = (name, value);
                command.Parameters.Add(parameter);
            }

            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (DbException)
        {
            return 0; // no database to write to (an outage test), or no such user: a token of no session, refused on writes
        }
        finally
        {
            connection.Close();
        }
    }
}
