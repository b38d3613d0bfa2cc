namespace Vigie.Core.Inventory.Agent;

/// <summary>
/// One element of an agent message, as a small tree: a name, its trimmed text, its child elements. Lighter than
/// an XDocument (inventories carry thousands of elements), and only the fields Vigie reads are kept for the big
/// inventory sections (see <see cref="AgentXml"/>).
/// </summary>
public sealed class AgentNode
{
    private List<AgentNode>? _children;

    public AgentNode(string name) => Name = name;

    public string Name { get; }

    /// <summary>The element's own text, trimmed (empty when it has none).</summary>
    public string Text { get; internal set; } = "";

    public IReadOnlyList<AgentNode> Children => (IReadOnlyList<AgentNode>?)_children ?? [];

    internal void Add(AgentNode child) => (_children ??= []).Add(child);

    public AgentNode? Element(string name)
    {
        if (_children is null)
        {
            return null;
        }
        foreach (var child in _children)
        {
            if (child.Name == name)
            {
                return child;
            }
        }
        return null;
    }

    public IEnumerable<AgentNode> Elements(string name) => Children.Where(c => c.Name == name);

    public IEnumerable<AgentNode> Elements() => Children;
}

/// <summary>Null-tolerant reading of agent message fields.</summary>
public static class AgentNodeExtensions
{
    /// <summary>Text of the named child element; null when the node or the child is absent, or the text is empty.</summary>
    public static string? Value(this AgentNode? node, string name)
    {
        var text = node?.Element(name)?.Text;
        return string.IsNullOrEmpty(text) ? null : text;
    }
}
