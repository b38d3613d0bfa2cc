namespace Vigie.Core.Inventory.Agent;

/// <summary>What the agent endpoint answers: status, raw body (already compressed as the agent expects) and its Content-Type.</summary>
public sealed record AgentReply(int Status, byte[] Body, string? ContentType);
