using Feed.Api.Admin;
using Feed.Api.Cli;
using Feed.Api.Data;
using Feed.Api.Hosting;
using Feed.Api.Interactions;
using Feed.Api.Items;
using Feed.Api.Users;

var builder = WebApplication.CreateBuilder(FeedCommands.HostArgs(args));
builder.AddFeedCommands(args);          // migrate, seed, digest, ... run instead of serving

builder.AddFeedDatabase();              // SQLite next to the app by default, MySQL by configuration
builder.AddFeedItems();                 // the change log and the live stream
builder.AddFeedAdmin();                 // seed jobs over HTTP
builder.AddFeedAuth();                  // bearer tokens: reads are anonymous, writes need a user
builder.AddFeedHttpContract();          // JSON, validation, every error as problem+json
builder.AddFeedOpenApi();               // /openapi/v1.json and Scalar
builder.AddFeedProtection();            // rate limits, request limits, CORS, security headers
builder.AddFeedPageCache();             // anonymous first pages served from memory for a second
builder.AddFeedTelemetry();             // OpenTelemetry over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set
builder.AddFeedHealthChecks();          // /health/live, /health/ready

var app = builder.Build();
if (await FeedCommands.RunAsync(app, args) is { } exitCode)
{
    return exitCode;
}

app.UseFeedHttpContract();
app.UseFeedProtection();
app.UseReadYourWrites();              // with a replica: a caller who just wrote reads from the primary
app.UseFeedPageCache();               // after the rate limiter: a cached page is still counted

app.MapFeedOpenApi();
app.MapFeedHealth();
var api = app.MapGroup("")
    .WithConditionalGets()                // every read: ETag, 304 on If-None-Match
    .WithIdempotentWrites();              // every signed-in write: Idempotency-Key replays
api.MapAuthApi();
api.MapUsersApi();
api.MapItemsApi();
api.MapInteractionsApi();
api.MapAdminApi();

await app.PrepareDatabaseAsync();       // the embedded default migrates itself and gets demo data
await app.RunAsync();
return 0;
