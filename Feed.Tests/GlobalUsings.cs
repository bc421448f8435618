// The harness (apps per engine, fixtures) is in every test file.
global using Feed.Tests.Infrastructure;
