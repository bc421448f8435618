using Feed.Api.Media;
using Feed.Domain;

namespace Feed.Api.Seeding;

/// <summary>
/// The seed's media, set-based: a reset queues every file of the media it deletes (as <see cref="MediaRemoval"/> does, in
/// the same transaction), avatars are set in one UPDATE, and the queued deletions of keys the new seed wrote again are
/// taken back (the same seed writes the same keys: its new files must not be deleted after the commit).
/// </summary>
internal abstract partial class SeedWriter
{
    /// <summary>The engine's string concatenation of SQL expressions.</summary>
    protected abstract string Concat(params string[] parts);

    /// <summary>Queues every key the media rows may have written, clears the avatars, then deletes the rows.</summary>
    private async Task RemoveMediaAsync(CancellationToken cancellationToken)
    {
        var now = FeedTime.ToFeedPrecision(DateTime.UtcNow);
        foreach (var key in KeyExpressions(all: true))
        {
            await ExecuteAsync(
                "INSERT INTO `MediaDeletions` (`Key`, `EnqueuedAt`, `NotBefore`, `Attempts`) " +
                $"SELECT {key}, @now, @now, 0 FROM `Media`", now, cancellationToken);
        }

        await ExecuteAsync("UPDATE `Users` SET `AvatarMediaId` = NULL WHERE `AvatarMediaId` IS NOT NULL", null, cancellationToken);
        await ExecuteAsync("DELETE FROM `Media`", null, cancellationToken);
    }

    /// <summary>Each seeded user with an avatar media (its id is the user's) shows it.</summary>
    public Task ShowAvatarsAsync(CancellationToken cancellationToken) => ExecuteAsync(
        "UPDATE `Users` SET `AvatarMediaId` = `Id` " +
        "WHERE `Id` IN (SELECT `OwnerId` FROM `Media` WHERE `ItemId` IS NULL AND `Id` = `OwnerId`)",
        null,
        cancellationToken);

    /// <summary>Takes back the queued deletions of the files the seed wrote (a reseed writes the same keys).</summary>
    public async Task KeepSeededFilesAsync(CancellationToken cancellationToken)
    {
        foreach (var key in KeyExpressions(all: false))
        {
            await ExecuteAsync($"DELETE FROM `MediaDeletions` WHERE `Key` IN (SELECT {key} FROM `Media`)", null, cancellationToken);
        }
    }

    /// <summary>
    /// SQL making a media row's keys from its token: every rendition's candidates (and the upload's), or the seed's four.
    /// </summary>
    private IEnumerable<string> KeyExpressions(bool all)
    {
        var files = MediaKeys.Renditions.SelectMany(r => (all ? r.Value : ["webp"]).Select(extension => $"/{r.Key}.{extension}"));
        foreach (var file in files)
        {
            yield return Concat($"'{MediaKeys.FilesPrefix}'", "`StorageToken`", $"'{file}'");
        }

        if (all)
        {
            yield return Concat($"'{MediaKeys.Upload("")}'", "`StorageToken`");
        }
    }

    private async Task ExecuteAsync(string sql, DateTime? now, CancellationToken cancellationToken)
    {
        await using var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandTimeout = 0;
        command.CommandText = sql;
        if (now is { } at)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@now";
            parameter.Value = at;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
