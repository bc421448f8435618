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

    public static void Declare(ApiNotes notes)
    {
        var counts = new KindCounts(
            FeedKinds.All.Index().ToDictionary(k => k.Item, k => k.Index < ExampleCounts.Length ? ExampleCounts[k.Index] : 5));
        notes.Tag("Auth", "Sign up and sign in: a name and a password give a bearer token.")
            .Tag("Users", "Public profiles, and the signed-in user's own.")
            .PathId("users", "The user's id.", 7)
            .PersonalisedByToken<UserProfileResponse>()
            .Example(new RegisterRequest(SignUpName, "correct horse battery staple"))
            .Example(new TokenResponse(Token, "Bearer", 43200))
            .Example(new SignedUpResponse(Token, "Bearer", 43200, 31, "me-1764928800-417"))
            .Example(counts)
            .Example(AvatarResponse.Example)
            .Example(new EditMeRequest(DisplayName: "민지 🌿", Bio: "Seoul. Board games on Fridays, football on Sundays."))
            .Example(new UserProfileResponse(
                7, "김민지", "민지 🌿", "Seoul. Board games on Fridays, football on Sundays.", Utc("2026-03-02T08:15:30.250000Z"),
                counts.Total, counts, 128, 57, true, AvatarResponse.Example));
    }
}
