using Feed.Api.Data;
using Feed.Api.Seeding;
using Feed.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Feed.Api.Hosting;

public static class DatabaseStartup
{
    /// <summary>Before serving: a database that migrates itself (the embedded SQLite default) does so, and gets demo data when empty (in Development, unless <c>Database:DemoData</c> says otherwise).</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (!options.MigratesItself)
        {
            return;
        }

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
        await FeedDatabase.MigrateAsync(db, app.Lifetime.ApplicationStopping);
        if ((options.DemoData ?? app.Environment.IsDevelopment()) && options.Provider == DatabaseProvider.Sqlite)
        {
            await DemoData.SeedIfEmptyAsync(
                db, scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>(), scope.ServiceProvider.GetRequiredService<TimeProvider>(), app.Lifetime.ApplicationStopping);
        }
    }
}
