using Feed.Api.Plumbing.Documentation;
using Feed.Domain;
using static Feed.Api.Plumbing.Documentation.ExampleTime;

namespace Feed.Api.Users;

/// <summary>What the document says of signing in and of users beyond their endpoints.</summary>
public static class UsersDocs
{
    /// <summary>Example counts of the kinds, in their order; a kind past these counts 5.</summary>
    private static readonly int[] ExampleCounts = [180, 21, 13];

    public static void Declare(ApiNotes notes)
    {
        var counts = new KindCounts(
            FeedKinds.All.Index().ToDictionary(k => k.Item, k => k.Index < ExampleCounts.Length ? ExampleCounts[k.Index] : 5));
        notes.Tag("Auth", "Sign up and sign in: a name and a password give a bearer token.")
            .Tag("Users", "Public profiles, and the signed-in user's own.")
            .PathId("users", "The user's id.", 7)
            .Example(new RegisterRequest("jordan.lee", "correct horse battery staple"))
            .Example(new SignInRequest("jordan.lee", "correct horse battery staple"))
            .Example(new TokenResponse("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIzMSJ9.c2lnbmF0dXJl", "Bearer", 43200))
            .Example(new UserResponse(31, "jordan.lee"))
            .Example(counts)
            .Example(new UserProfileResponse(7, "김민지", Utc("2026-03-02T08:15:30.250000Z"), counts.Total, counts));
    }
}
