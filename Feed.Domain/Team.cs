namespace Feed.Domain;

public sealed class Team : JoinableItem
{
    public Team(string roomName, long authorId, DateTime createdAt)
        : base(authorId, createdAt)
    {
        RoomName = FeedRules.RequireText(roomName, FeedRules.RoomNameMaxLength, nameof(roomName));
    }

    public string RoomName { get; private set; }

    public override string Kind => FeedKinds.Team;

    /// <summary>Changes the room name when given (null: unchanged), by the same rules as a new team.</summary>
    public void Edit(string? roomName, DateTime at)
    {
        RoomName = roomName is null ? RoomName : FeedRules.RequireText(roomName, FeedRules.RoomNameMaxLength, nameof(roomName));
        Edited(at);
    }
}
