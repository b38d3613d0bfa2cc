namespace Vigie.Core.Inventory.Assets;

/// <summary>What storing a snapshot did: the asset, whether it was new or merged, the history entries written, and a TAG to push back.</summary>
public sealed record IngestResult(Guid AssetId, bool Created, bool Merged, int Changes, string? TagToPush);
