namespace Vigie.Core.Inventory.Agent;

/// <summary>How an agent message body is compressed; replies mirror the request.</summary>
public enum BodyEncoding
{
    Zlib,
    Gzip,
    Plain,
}
