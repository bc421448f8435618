using Feed.Api.Data;
using Feed.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Feed.Api.Seeding;

public static class DatabaseStartup
{
    /// <summary>
    /// Before serving: a database that migrates itself (the embedded SQLite default) does so, and gets demo data when empty
    /// (in Development, unless <c>Database:DemoData</c> says otherwise).
    /// </summary>
    public static async Task PrepareDatabaseAsync(this IHost app)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (!options.MigratesItself)
        {
            return;
        }

        var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
        await FeedDatabase.MigrateAsync(db, stopping);
        var demoData = options.DemoData ?? app.Services.GetRequiredService<IHostEnvironment>().IsDevelopment();
        if (demoData && options.Provider == DatabaseProvider.Sqlite)
        {
            await DemoData.SeedIfEmptyAsync(
                db,
                scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>(),
                scope.ServiceProvider.GetRequiredService<TimeProvider>(),
                stopping);
        }
    }
}
