using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Feed.Api.Plumbing.Identity;

/// <summary>Who is calling, as the bearer token says.</summary>
public static class CurrentUser
{
    public const string AdminRole = "admin";

    /// <summary>The signed-in user's id, or null when anonymous.</summary>
    public static long? FeedUserId(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id) ? id : null;

    /// <summary>The signed-in user's id on an endpoint that requires authorization.</summary>
    public static long RequiredUserId(this ClaimsPrincipal user) =>
        user.FeedUserId() ?? throw new InvalidOperationException("The endpoint must require authorization.");

    public static string UserName(this ClaimsPrincipal user) => user.FindFirstValue(JwtRegisteredClaimNames.Name) ?? "";

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(AdminRole);
}
