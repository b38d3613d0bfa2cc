namespace Vigie.Core.Inventory.Snmp;

/// <summary>Groups walked cells (entry.column.index = value) into rows ordered by index.</summary>
internal sealed class SnmpTableBuilder
{
    private readonly Oid _entry;
    private readonly Dictionary<string, (uint[] Index, Dictionary<uint, SnmpValue> Columns)> _rows = [];

    public SnmpTableBuilder(Oid entry)
    {
        _entry = entry;
    }

    public void Add(VarBind varBind)
    {
        var arcs = varBind.Oid.Arcs;
        // A cell needs a column arc and at least one index arc below the entry.
        if (!varBind.Oid.StartsWith(_entry) || arcs.Length < _entry.Length + 2)
        {
            return;
        }
        var column = arcs[_entry.Length];
        var index = arcs[(_entry.Length + 1)..].ToArray();
        var key = string.Join('.', index);
        if (!_rows.TryGetValue(key, out var row))
        {
            row = (index, []);
            _rows.Add(key, row);
        }
        row.Columns[column] = varBind.Value;
    }

    public IReadOnlyList<SnmpTableRow> Build() => _rows.Values
        .OrderBy(row => row.Index, IndexComparer.Instance)
        .Select(row => new SnmpTableRow(row.Index, row.Columns))
        .ToList();

    private sealed class IndexComparer : IComparer<uint[]>
    {
        public static readonly IndexComparer Instance = new();

        public int Compare(uint[]? x, uint[]? y) => x.AsSpan().SequenceCompareTo(y.AsSpan());
    }
}
