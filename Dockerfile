# syntax=docker/dockerfile:1

# Feed API image: build with the .NET 10 SDK, run on the ASP.NET Core runtime as the non-root `app` user.
#   docker build -t feed-api:local .
#   docker run --rm feed-api:local migrate     # apply the migrations and exit (needs the database settings)
#   docker run --rm -p 8080:8080 feed-api:local # serve HTTP on port 8080
# compose.yaml wires it to MySQL 8.4.

# ---- build ------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the files that decide the package graph only, so that a source change
# reuses the cached restore layer. (global.json: SDK 10.0.100, rollForward latestFeature.)
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY Feed.Api/Feed.Api.csproj Feed.Api/
COPY Feed.Domain/Feed.Domain.csproj Feed.Domain/
RUN dotnet restore Feed.Api/Feed.Api.csproj

# Then the sources. .editorconfig is part of the build: Directory.Build.props sets
# EnforceCodeStyleInBuild and TreatWarningsAsErrors, so style rules fail the build here as they do locally.
COPY .editorconfig ./
COPY Feed.Domain/ Feed.Domain/
COPY Feed.Api/ Feed.Api/
RUN dotnet publish Feed.Api/Feed.Api.csproj -c Release -o /app --no-restore

# ---- runtime ----------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app .

# libvips (NetVips.Native.linux-x64, in /app/runtimes) needs only glibc >= 2.28 and libstdc++, which this image has.
# Two malloc arenas: image work on many threads otherwise leaves glibc holding ~2x the memory (bench/photos.sh:
# 10 uploads at once peaked at 421-450 MB RSS with the default arenas, 220-235 MB with 2).
ENV MALLOC_ARENA_MAX=2

# The .NET images set these already; stated here so the contract is visible in this file.
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080

# The non-root user the .NET images provide (APP_UID=1654). /app stays owned by root: read-only to the app.
USER $APP_UID

# Arguments are verbs: `migrate` applies the migrations and exits 0; no arguments serves HTTP.
ENTRYPOINT ["dotnet", "Feed.Api.dll"]
