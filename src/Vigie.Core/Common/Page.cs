namespace Vigie.Core.Common;

/// <summary>One page of a listing and the opaque cursor of the next page (null at the end).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
