namespace Feed.Tests.Infrastructure;

/// <summary>The app behind Kestrel, whose request limits (Kestrel:Limits) only a real server applies.</summary>
public sealed class KestrelApp : SqliteAppBase
{
    protected override bool RealServer => true;
}
