using Feed.Api.Accounts;
using Feed.Api.Cli;
using Feed.Api.Comments;
using Feed.Api.Data;
using Feed.Api.Docs;
using Feed.Api.Follows;
using Feed.Api.Interactions;
using Feed.Api.Items;
using Feed.Api.Live;
using Feed.Api.Media;
using Feed.Api.Notifications;
using Feed.Api.Plumbing.Caching;
using Feed.Api.Plumbing.ConditionalGets;
using Feed.Api.Plumbing.Idempotency;
using Feed.Api.Plumbing.Observability;
using Feed.Api.Plumbing.Problems;
using Feed.Api.Plumbing.Protection;
using Feed.Api.Plumbing.Replicas;
using Feed.Api.Plumbing.Wire;
using Feed.Api.Reports;
using Feed.Api.Safety;
using Feed.Api.Seeding;
using Feed.Api.SeedJobs;
using Feed.Api.Users;

var builder = WebApplication.CreateBuilder(FeedCommands.HostArgs(args));
builder.AddFeedCommands(args);          // migrate, seed, digest, ... run instead of serving

// Plumbing: what every feature uses, knowing none of them.
builder.AddFeedDatabase();              // SQLite next to the app by default, MySQL by configuration
builder.AddFeedWire();                  // JSON, compression, HEAD
builder.AddFeedProblems();              // validation, every error as problem+json
builder.AddFeedIdempotency();           // Idempotency-Key: a keyed write's claim commits with its work
builder.AddFeedProtection();            // rate limits, request limits, CORS, security headers
builder.AddFeedPageCache();             // anonymous first pages served from memory for a second
builder.AddFeedTelemetry();             // OpenTelemetry over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set
builder.AddFeedHealthChecks();          // /health/live, /health/ready

// Features, then the document that describes them.
builder.AddFeedAuth();                  // bearer tokens: reads are anonymous, writes need a user
builder.AddFeedUsers();                 // profiles, with a count of each kind of item
builder.AddFeedItems();                 // the kinds of item, each item's type on the wire
builder.AddFeedLive();                  // the change log's retention and the live stream
builder.AddFeedFollows();               // follows, and the fan-out workers that fill the homes
builder.AddFeedAccounts();              // DELETE /me, and the workers that delete accounts in chunks
builder.AddFeedMedia();                 // pictures: the store, the image slots, the render and expiry workers
builder.AddFeedSeedJobs();              // seed jobs over HTTP
builder.AddFeedOpenApi();               // /openapi/v1.json and Scalar

var app = builder.Build();
if (await FeedCommands.RunAsync(app, args) is { } exitCode) { return exitCode; } // a verb ran instead of serving

app.UseFeedWire();
app.UseFeedProblems();
app.UseFeedRouting();                 // after HEAD became GET
app.UseFeedProtection();
app.UseCanonicalQueryNumbers();       // after protection: a refused number has the security headers and is counted
app.UseReadYourWrites();              // with a replica: a caller who just wrote reads from the primary
app.UseFeedPageCache();               // after the rate limiter: a cached page is still counted
app.MapFeedOpenApi();
app.MapFeedHealth();
var api = app.MapGroup("").WithConditionalGets().WithIdempotentWrites(); // reads: ETag and 304; writes: Idempotency-Key
api.MapAuthApi();
api.MapUsersApi();
api.MapAccountsApi();                 // DELETE /me
api.MapItemsApi();
api.MapLiveApi();
api.MapInteractionsApi();
api.MapCommentsApi();                 // conversations under items, one level of replies
api.MapFollowsApi().MapSafetyApi();   // follows, and /home; blocks and mutes
api.MapMediaApi();                    // uploads, their files, alt text
api.MapNotificationsApi();            // /me/notifications: grouped, unread count, read marker, stream
api.MapReportsApi();                  // reporting items, and the admins' queue (its rate limit is its own)
api.MapSeedJobsApi();
await app.PrepareDatabaseAsync();       // the embedded default migrates itself and gets demo data
await app.RunAsync();
return 0;
