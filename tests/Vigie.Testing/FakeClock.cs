namespace Vigie.Testing;

/// <summary>A clock the tests move by hand; starts at the real current time.</summary>
public sealed class FakeClock : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now;

    public FakeClock(DateTimeOffset? start = null) => _now = start ?? DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }

    public void Set(DateTimeOffset to)
    {
        lock (_gate)
        {
            _now = to;
        }
    }
}
