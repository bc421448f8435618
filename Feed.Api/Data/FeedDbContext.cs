using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Feed.Api.Data;

/// <summary>
/// The feed's unit of work, used directly by the endpoints. One derived context per provider
/// carries that provider's migrations.
/// </summary>
/// <remarks>
/// Add a migration to both providers (from the repository root):
/// <code>
/// dotnet ef migrations add NAME --project Feed.Api --context SqliteFeedDbContext --output-dir Data/Migrations/Sqlite
/// dotnet ef migrations add NAME --project Feed.Api --context MySqlFeedDbContext --output-dir Data/Migrations/MySql
/// </code>
/// Do not pass <c>--namespace</c>: it misplaces the model snapshot.
/// </remarks>
public class FeedDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>The name of the TPH discriminator column, holding one of <see cref="FeedKinds"/>.</summary>
    public const string Discriminator = "Discriminator";

    public DbSet<FeedItem> FeedItems => Set<FeedItem>();

    public DbSet<User> Users => Set<User>();

    public DbSet<Like> Likes => Set<Like>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<IdempotentRequest> IdempotentRequests => Set<IdempotentRequest>();

    public DbSet<FeedChange> FeedChanges => Set<FeedChange>();

    public DbSet<Follow> Follows => Set<Follow>();

    public DbSet<HomeEntry> HomeEntries => Set<HomeEntry>();

    public DbSet<HomeFanOut> HomeFanOuts => Set<HomeFanOut>();

    public DbSet<MediaObject> Media => Set<MediaObject>();

    public DbSet<MediaDeletion> MediaDeletions => Set<MediaDeletion>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<Block> Blocks => Set<Block>();

    public DbSet<Mute> Mutes => Set<Mute>();

    public DbSet<Report> Reports => Set<Report>();

    public DbSet<AccountDeletion> AccountDeletions => Set<AccountDeletion>();

    public DbSet<Comment> Comments => Set<Comment>();

    public DbSet<Notification> Notifications => Set<Notification>();

    /// <summary>
    /// Without EF's automatic savepoints: every write transaction here is retried whole, so a
    /// savepoint buys nothing, and on a Galera cluster it costs a commit: a transaction aborted by a
    /// conflicting commit from another node while it waited between statements is not reported at
    /// the <c>SAVEPOINT</c> EF sends next, and what follows runs outside it (measured: a 201 for a
    /// post that was never stored). Without it, the next statement reports the abort as a deadlock.
    /// </summary>
    /// <remarks>Set at each save: a pooled context is reset (savepoints on again) whenever it is returned.</remarks>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Database.AutoSavepointsEnabled = false;
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Database.AutoSavepointsEnabled = false;
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public DbSet<FeedSequence> FeedSequences => Set<FeedSequence>();

    public DbSet<SeedJob> SeedJobs => Set<SeedJob>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FeedDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        // Both providers hand DateTime back as Kind=Unspecified; every stored time is UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>().HavePrecision(6);

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        value => value,
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

public sealed class SqliteFeedDbContext(DbContextOptions<SqliteFeedDbContext> options) : FeedDbContext(options);

public sealed class MySqlFeedDbContext(DbContextOptions<MySqlFeedDbContext> options) : FeedDbContext(options);

/// <summary>
/// The feed's reads (the GET endpoints), on <c>ConnectionStrings:FeedRead</c> or the primary:
/// never migrated, never written.
/// </summary>
public sealed class FeedReadDbContext(DbContextOptions<FeedReadDbContext> options) : FeedDbContext(options);
