namespace Feed.Domain;

/// <summary>Someone who writes, likes and joins. Reads need no user; every write has one.</summary>
public sealed class User
{
    public User(string name, DateTime createdAt, bool isAdmin = false)
    {
        Name = FeedRules.RequireText(name, FeedRules.UserNameMaxLength, nameof(name));
        if (name.Length < FeedRules.UserNameMinLength)
        {
            throw new ArgumentException($"name must be at least {FeedRules.UserNameMinLength} characters.", nameof(name));
        }

        CreatedAt = FeedTime.ToFeedPrecision(createdAt);
        IsAdmin = isAdmin;
    }

    public long Id { get; private set; }

    public string Name { get; private set; }

    public bool IsAdmin { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>Set by the API's password hasher; never leaves the server.</summary>
    public string? PasswordHash { get; set; }
}
