namespace Vigie.Core.Common;

/// <summary>Identifier generation: version-7 GUIDs, time-ordered so indexes stay compact.</summary>
public static class Ids
{
    public static Guid New(TimeProvider clock) => Guid.CreateVersion7(clock.GetUtcNow());
}
