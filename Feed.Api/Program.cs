using System.Text.Json.Serialization;
using Feed.Api.Apis;
using Feed.Api.Cli;
using Feed.Api.Data;

var builder = WebApplication.CreateBuilder(FeedCommands.HostArgs(args));
if (FeedCommands.IsVerb(args))
{
    // A verb says in one line why the database failed; EF's connection error log would repeat it per attempt.
    builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Connection", LogLevel.None);
}

// Storage: SQLite next to the app by default, MySQL by configuration (Database:Provider).
builder.AddFeedDatabase();

// Who is calling: bearer tokens; reads are anonymous, writes need a user.
builder.AddFeedAuth();

// Rate limits, Kestrel limits, CORS and security headers: all from configuration.
builder.AddFeedProtection();

// OpenTelemetry traces and metrics (HTTP, database), exported over OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
builder.AddFeedTelemetry();

// The HTTP contract: camelCase JSON, integers as integers, validation and errors as problem+json.
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
builder.Services.AddValidation();
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Explain);
builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWhateverIsAccepted>();
builder.Services.AddExceptionHandler<BadRequestHandler>();
builder.Services.AddDatabaseOutageHandling(); // 503 + Retry-After while the database is down
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // so BadRequestHandler can say what was wrong
builder.Services.AddFeedOpenApi();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddFeedHealthChecks();

var app = builder.Build();

// Management verbs (migrate, create-user) run and exit instead of serving.
if (await FeedCommands.RunAsync(app, args) is { } exitCode)
{
    return exitCode;
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseFeedProtection();

app.MapFeedOpenApi();
app.MapFeedHealth();
app.MapAuthApi();
app.MapFeedApi();
app.MapPostsApi();
app.MapGamesApi();
app.MapTeamsApi();
app.MapRawFeedBaseline(); // bench/ only, when Bench:RawFeedBaseline is true

await FeedCommands.PrepareDatabaseAsync(app);
await app.RunAsync();
return 0;
