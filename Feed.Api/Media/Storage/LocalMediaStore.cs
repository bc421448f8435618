namespace Feed.Api.Media.Storage;

/// <summary>
/// The embedded default: media in a folder (<c>Media:Local:Path</c>). A write goes to a temporary file
/// in the same folder and is renamed over the key's file, so a reader sees the old bytes or the new,
/// never half of them, and a crash leaves at most a stray temporary file. Keys are checked before
/// they touch the disk: relative, '/'-separated segments of letters, digits, '-', '_' and '.', no
/// segment of dots, so none reaches outside the folder. The folder keeps no metadata: a file's content
/// type is its extension's (the media feature names its files so).
/// </summary>
public sealed class LocalMediaStore(string root) : IMediaStore
{
    private readonly string _root = Path.GetFullPath(root);

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 65_536, true))
            {
                await file.WriteAsync(content, cancellationToken);
                await file.FlushAsync(cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public Task<StoredObject?> OpenAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true);
            var info = new FileInfo(path);
            return Task.FromResult<StoredObject?>(
                new StoredObject(file, file.Length, MediaKeys.ContentType(Path.GetExtension(path).TrimStart('.')), info.LastWriteTimeUtc));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<StoredObject?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            return Task.CompletedTask; // nothing was ever stored there, or its last file went before
        }

        File.Delete(path); // no error when there is no file
        if (folder != _root && !Directory.EnumerateFileSystemEntries(folder).Any())
        {
            try
            {
                Directory.Delete(folder);
            }
            catch (IOException)
            {
                // A write into the folder raced this: it stays.
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The file a key names, inside the folder; <see cref="ArgumentException"/> for a key that could name anything else.</summary>
    public string PathOf(string key)
    {
        if (!IsSafe(key))
        {
            throw new ArgumentException($"'{key}' is not a store key (relative, '/'-separated, [A-Za-z0-9._-] segments).", nameof(key));
        }

        var path = Path.GetFullPath(Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar)));
        return path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException($"'{key}' leads outside the store.", nameof(key));
    }

    private static bool IsSafe(string key) =>
        key.Length is > 0 and <= 512
        && key.Split('/').All(segment => segment.Length > 0 && segment.Trim('.').Length > 0
            && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'));
}
