namespace Vigie.Core.Inventory.Snmp;

/// <summary>One conceptual row of an SNMP table: its index (the OID arcs after the column) and its column values.</summary>
public sealed class SnmpTableRow
{
    public SnmpTableRow(IReadOnlyList<uint> indexArcs, IReadOnlyDictionary<uint, SnmpValue> columns)
    {
        ArgumentNullException.ThrowIfNull(indexArcs);
        ArgumentNullException.ThrowIfNull(columns);
        IndexArcs = indexArcs;
        Columns = columns;
        Index = string.Join('.', indexArcs);
    }

    /// <summary>The index as dotted text: "3" for ifTable row 3, "10.0.0.1" for ipAddrTable.</summary>
    public string Index { get; }

    public IReadOnlyList<uint> IndexArcs { get; }

    /// <summary>Values by column number (ifDescr is column 2 of ifTable).</summary>
    public IReadOnlyDictionary<uint, SnmpValue> Columns { get; }

    /// <summary>The value of a column, or null when the agent has none for this row.</summary>
    public SnmpValue? this[uint column] => Columns.GetValueOrDefault(column);

    public override string ToString() => $"row {Index} ({Columns.Count} columns)";
}
