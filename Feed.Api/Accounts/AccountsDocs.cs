using Feed.Api.Plumbing.Documentation;
using static Feed.Api.Plumbing.Documentation.ExampleTime;

namespace Feed.Api.Accounts;

/// <summary>What the document says of deleting an account beyond its endpoint.</summary>
public static class AccountsDocs
{
    public static void Declare(ApiNotes notes) => notes
        // Not sign-up's example password: sent as it stands, the example must not delete the account a reader just made.
        .Example(new DeleteAccountRequest("my current password"))
        .Example(new AccountDeletionResponse(31, Utc("2026-12-06T00:40:12.118532Z")));
}
