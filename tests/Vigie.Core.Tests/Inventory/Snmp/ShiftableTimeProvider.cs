namespace Vigie.Core.Tests.Inventory.Snmp;

/// <summary>The system clock with a monotonic timestamp that a test can move by hand (timers stay real).</summary>
internal sealed class ShiftableTimeProvider : TimeProvider
{
    private long _offset;

    public void Shift(TimeSpan by) => Interlocked.Add(ref _offset, (long)(by.TotalSeconds * TimestampFrequency));

    public override long GetTimestamp() => System.GetTimestamp() + Interlocked.Read(ref _offset);
}
