using Feed.Api.Media;
using Feed.Api.Plumbing.Documentation;
using Feed.Domain;
using static Feed.Api.Plumbing.Documentation.ExampleTime;

namespace Feed.Api.Users;

/// <summary>What the document says of signing in and of users beyond their endpoints.</summary>
public static class UsersDocs
{
    /// <summary>Example counts of the kinds, in their order; a kind past these counts 5.</summary>
    private static readonly int[] ExampleCounts = [180, 21, 13];

    /// <summary>
    /// Sign-up's example name, new at every send from Scalar: it fills in <c>{{$timestamp}}</c> (seconds) and
    /// <c>{{$randomInt}}</c> (0–1000) when it sends, so whoever sends the example as it stands gets a 201, not a 409.
    /// The document stays the same bytes; sent literally (curl), the name is valid too, once.
    /// </summary>
    public const string SignUpName = "me-{{$timestamp}}-{{$randomInt}}";

    private const string Token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIzMSJ9.c2lnbmF0dXJl";

    private const string RefreshToken = "12.0.q3Jh9dX0w2l8bVn5sT1yPz4kFe6uGcAoMiHbRxLtWvE";

    /// <summary>Sign-up's example password: the password change's example sets it to itself, so it works at every send.</summary>
    private const string Password = "correct horse battery staple";

    private static readonly SessionResponse Session = new(
        12, "Mozilla/5.0 (X11; Linux x86_64) Firefox/146.0", Utc("2026-12-01T09:30:00.000000Z"),
        Utc("2026-12-06T08:15:00.000000Z"), Utc("2027-01-05T08:15:00.000000Z"), true);

    public static void Declare(ApiNotes notes)
    {
        var counts = new KindCounts(
            FeedKinds.All.Index().ToDictionary(k => k.Item, k => k.Index < ExampleCounts.Length ? ExampleCounts[k.Index] : 5));
        notes.Tag("Auth", "Sign up and sign in: a name and a password give a short-lived access token and a refresh token, " +
                "in a session; refresh, sign out, list and revoke your sessions, change your password.")
            .Tag("Users", "Public profiles, and the signed-in user's own.")
            .PathId("users", "The user's id.", 7)
            .PersonalisedByToken<UserProfileResponse>()
            .Example(new RegisterRequest(SignUpName, Password))
            .PathId("me/sessions", "The session's id, as `GET /me/sessions` lists it.", 12)
            .Example(new TokenResponse(Token, "Bearer", 900, RefreshToken, 2592000))
            .Example(new SignedUpResponse(Token, "Bearer", 900, RefreshToken, 2592000, 31, "me-1764928800-417"))
            .Example(new RefreshRequest(RefreshToken)) // the shape of sign-in's: sent as it is, a 401 (see RefreshRequest)
            .Example(new LogoutRequest())
            .Example(new ChangePasswordRequest(Password, Password))
            .Example(Session)
            .Example(new SessionsResponse([Session, Session with { Id = 9, Device = "FeedApp/2.3 (iPhone; iOS 19.1)", Current = false }]))
            .Example(counts)
            .Example(AvatarResponse.Example)
            .Example(new EditMeRequest(DisplayName: "민지 🌿", Bio: "Seoul. Board games on Fridays, football on Sundays."))
            .Example(new UserProfileResponse(
                7, "김민지", "민지 🌿", "Seoul. Board games on Fridays, football on Sundays.", Utc("2026-03-02T08:15:30.250000Z"),
                counts.Total, counts, 128, 57, true, AvatarResponse.Example));
    }
}
