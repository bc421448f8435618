using System.Text.Json;
using System.Text.Json.Nodes;
using Feed.Api.Interactions;
using Feed.Api.Items;
using Feed.Api.Paging;
using Feed.Api.Users;
using Feed.Domain;
using Feed.Api.Live;
using Feed.Api.SeedJobs;

namespace Feed.Api.Docs;

/// <summary>
/// The examples in the OpenAPI document. They are real response and request objects, serialized
/// with the API's own JSON options, so they have the wire's shape by construction: six-digit
/// timestamps, <c>type</c> first, cursors that the API itself would issue for these items (and
/// accept back), and pages whose <c>nextCursor</c>, <c>refreshCursor</c> and <c>hasNewer</c> agree.
/// </summary>
public static partial class OpenApiExamples
{
    private static readonly AuthorResponse Minji = new(7, "김민지");
    private static readonly AuthorResponse Alex = new(12, "alex.morgan");

    private static readonly PostResponse KoreanPost = new()
    {
        Id = 1042,
        CreatedAt = At("2026-11-25T09:41:07.512034Z"),
        LikeCount = 12,
        Author = Minji,
        LikedByMe = true,
        EditedAt = null,
        Title = "한강에서 자전거 탔어요",
        Body = "날씨가 좋아서 반포까지 다녀왔어요. 다음 주 토요일에 같이 가실 분?",
    };

    private static readonly GameResponse Game = new()
    {
        Id = 1041,
        CreatedAt = At("2026-11-25T09:38:55.104877Z"),
        LikeCount = 3,
        Author = Alex,
        LikedByMe = false,
        EditedAt = null,
        GameName = "Catan",
        GameLocation = "Board game café, 5th Avenue",
        JoinedCount = 4,
        JoinedByMe = false,
    };

    private static readonly TeamResponse Team = new()
    {
        Id = 1039,
        CreatedAt = At("2026-11-25T09:30:02.000318Z"),
        LikeCount = 5,
        Author = Minji,
        LikedByMe = false,
        EditedAt = null,
        RoomName = "Sunday league: midfielders",
        JoinedCount = 9,
        JoinedByMe = true,
    };

    private static readonly PostResponse EnglishPost = new()
    {
        Id = 1036,
        CreatedAt = At("2026-11-25T09:12:44.870551Z"),
        LikeCount = 0,
        Author = Alex,
        LikedByMe = false,
        EditedAt = At("2026-11-25T09:20:03.004417Z"),
        Title = "Looking for a tennis partner",
        Body = "Intermediate level, weekday evenings near the river park. Reply here!",
    };

    private static readonly MemberResponse[] Members =
    [
        new(31, "jordan.lee", At("2026-11-25T10:02:19.441208Z")),
        new(7, "김민지", At("2026-11-25T09:58:03.117560Z")),
    ];

    private static readonly LikerResponse[] Likers =
    [
        new(12, "alex.morgan", At("2026-11-25T10:11:42.930114Z")),
        new(31, "jordan.lee", At("2026-11-25T09:52:10.208871Z")),
    ];

    /// <summary>The example feed page's <c>nextCursor</c>: a cursor the API would accept as <c>/feed?before=</c>.</summary>
    public static string ExampleCursor => FeedCursor.Encode(Team.Position(), FeedListing.Of().Scope);

    /// <summary>A cursor the listing at <paramref name="path"/> (a route template) accepts: cursors belong to their listing.</summary>
    public static string CursorFor(string path) => FeedCursor.Encode(Team.Position(), path.Split('/') switch
    {
        ["posts", ..] => FeedListing.Of(FeedKinds.Post).Scope,
        ["games", _, "members"] => $"members:{Game.Id}",
        ["teams", _, "members"] => $"members:{Team.Id}",
        ["games", ..] => FeedListing.Of(FeedKinds.Game).Scope,
        ["teams", ..] => FeedListing.Of(FeedKinds.Team).Scope,
        ["users", _, "items", ..] => (FeedListing.Of() with { AuthorId = Minji.Id }).Scope,
        ["feed", _, "likes"] => $"likes:{KoreanPost.Id}",
        _ => FeedListing.Of().Scope,
    });

    private const string TraceId = "00-3a03fbb3eab9fa23f7371a4c652843c6-f14bc397e54684da-00";

    /// <summary>An example of each type the document describes, keyed by the type.</summary>
    public static IReadOnlyDictionary<Type, object> ByType { get; } = new Dictionary<Type, object>
    {
        [typeof(FeedItemResponse)] = KoreanPost,
        [typeof(PostResponse)] = KoreanPost,
        [typeof(GameResponse)] = Game,
        [typeof(TeamResponse)] = Team,
        [typeof(AuthorResponse)] = Minji,
        [typeof(FeedPage<FeedItemResponse>)] = Page<FeedItemResponse>([KoreanPost, Game, Team], FeedListing.Of().Scope, i => i.Position()),
        [typeof(FeedPage<PostResponse>)] = Page([KoreanPost, EnglishPost], FeedListing.Of(FeedKinds.Post).Scope, i => i.Position()),
        [typeof(FeedPage<GameResponse>)] = Page([Game], FeedListing.Of(FeedKinds.Game).Scope, i => i.Position()),
        [typeof(FeedPage<TeamResponse>)] = Page([Team], FeedListing.Of(FeedKinds.Team).Scope, i => i.Position()),
        [typeof(FeedPage<MemberResponse>)] = Page(Members, $"members:{Game.Id}", m => new FeedPosition(m.JoinedAt, m.UserId)),
        [typeof(MemberResponse)] = Members[0],
        [typeof(FeedPage<LikerResponse>)] = Page(Likers, $"likes:{KoreanPost.Id}", l => new FeedPosition(l.LikedAt, l.UserId)),
        [typeof(LikerResponse)] = Likers[0],
        [typeof(FeedItemsResponse)] = new FeedItemsResponse([KoreanPost, Game], [1040]),
        [typeof(KindCounts)] = new KindCounts(180, 21, 13),
        [typeof(SeedJobRequest)] = new SeedJobRequest(Items: 100_000, Seed: 7, Users: 500, Mix: "post=50,game=30,team=20", Locale: "ko", Reset: true, Force: true, Ties: 150, QaUser: "qa-tester", QaPassword: "a long qa password"),
        [typeof(SeedJobResponse)] = new SeedJobResponse(3, "seed", "running", 42_000, 100_000, 189_120, 61_250.5, 5.3, null, null,
            At("2026-11-25T10:00:00.120000Z"), At("2026-11-25T10:00:00.180000Z"), null),
        [typeof(NewItemCountResponse)] = new NewItemCountResponse(12, false),
        [typeof(FeedChangesResponse)] = new FeedChangesResponse([EnglishPost], [1040], FeedCursor.Encode(new FeedPosition(At("2026-11-25T10:20:31.552190Z"), 8812), "changes:all"), false),
        [typeof(EditPostRequest)] = new EditPostRequest("한강에서 자전거 탔어요 (사진 추가)", null),
        [typeof(EditGameRequest)] = new EditGameRequest(null, "Board game café, 7th Avenue"),
        [typeof(EditTeamRequest)] = new EditTeamRequest("Sunday league: defenders"),
        [typeof(LikeResponse)] = new LikeResponse(KoreanPost.Id, KoreanPost.LikeCount, true),
        [typeof(MembershipResponse)] = new MembershipResponse(Game.Id, Game.JoinedCount + 1, true),
        [typeof(CreatePostRequest)] = new CreatePostRequest(KoreanPost.Title, KoreanPost.Body),
        [typeof(CreateGameRequest)] = new CreateGameRequest(Game.GameName, Game.GameLocation),
        [typeof(CreateTeamRequest)] = new CreateTeamRequest(Team.RoomName),
        [typeof(RegisterRequest)] = new RegisterRequest("jordan.lee", "correct horse battery staple"),
        [typeof(SignInRequest)] = new SignInRequest("jordan.lee", "correct horse battery staple"),
        [typeof(TokenResponse)] = new TokenResponse("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIzMSJ9.c2lnbmF0dXJl", "Bearer", 43200),
        [typeof(UserResponse)] = new UserResponse(31, "jordan.lee"),
        [typeof(UserProfileResponse)] = new UserProfileResponse(7, Minji.Name, At("2026-03-02T08:15:30.250000Z"), 214, new KindCounts(180, 21, 13)),
        [typeof(ProblemDetails)] = Problems(StatusCodes.Status404NotFound),
        [typeof(HttpValidationProblemDetails)] = Problems(StatusCodes.Status400BadRequest),
    };

    /// <summary>A few events of <c>/feed/stream</c> as a client reads them.</summary>
    public static string EventStream(IServiceProvider services)
    {
        var json = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        string Id(long seq) => FeedCursor.Encode(new FeedPosition(KoreanPost.CreatedAt, seq), "stream:all");
        return $"""
            retry: 3000

            id: {Id(8811)}
            event: item
            data: {System.Text.Json.JsonSerializer.Serialize<FeedItemResponse>(KoreanPost, json)}

            id: {Id(8812)}
            event: edited
            data: {System.Text.Json.JsonSerializer.Serialize<FeedItemResponse>(EnglishPost, json)}

            id: {Id(8813)}
            event: deleted
            data: {System.Text.Json.JsonSerializer.Serialize(new DeletedItemEvent(1040), json)}

            : heartbeat

            """;
    }

    /// <summary><paramref name="value"/> as the API writes it.</summary>
    public static JsonNode? ToJson(object value, Type type, JsonSerializerOptions options) => JsonSerializer.SerializeToNode(value, type, options);

    /// <summary>A first page (nothing newer) that goes on: its cursors are the ones the API would issue for these items.</summary>
    private static FeedPage<T> Page<T>(IReadOnlyList<T> items, string scope, Func<T, FeedPosition> position) =>
        new(items, FeedCursor.Encode(position(items[^1]), scope), FeedCursor.Encode(position(items[0]), scope), HasNewer: false);

    private static FeedPosition Position(this FeedItemResponse item) => new(item.CreatedAt, item.Id);

    private static DateTime At(string utc) => DateTime.Parse(utc, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
}
