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
}
