using System.Text;

namespace Vigie.Core.Vault.Imports;

/// <summary>One CSV record: its fields and the line of the file it starts on (1: the header).</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// RFC 4180 records: fields separated by commas, records by CRLF, LF or CR; a field in double quotes may hold commas,
/// line breaks and doubled quotes. A quote inside an unquoted field is taken as it is (as spreadsheets write them);
/// anything but a comma or a line break after a closing quote, or a quote left open at the end, is a broken file.
/// Blank lines are skipped.
/// </summary>
internal static class CsvRecords
{
    public static IEnumerable<CsvRecord> Read(string text)
    {
        var line = 1;
        var i = 0;
        var fields = new List<string>();
        var field = new StringBuilder();
        while (i < text.Length)
        {
            var start = line;
            fields.Clear();
            while (true)
            {
                field.Clear();
                if (i < text.Length && text[i] == '"')
                {
                    var opened = line;
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            throw new CsvFormatException(opened, "a quoted field is never closed");
                        }
                        var c = text[i++];
                        if (c == '"')
                        {
                            if (i < text.Length && text[i] == '"')
                            {
                                field.Append('"');
                                i++;
                                continue;
                            }
                            break;
                        }
                        if (c == '\n' || (c == '\r' && (i >= text.Length || text[i] != '\n')))
                        {
                            line++;
                        }
                        field.Append(c);
                    }
                    if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                    {
                        throw new CsvFormatException(line, "a closing quote is followed by something other than a comma or the end of the line");
                    }
                }
                else
                {
                    while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                    {
                        field.Append(text[i++]);
                    }
                }
                fields.Add(field.ToString());
                if (i < text.Length && text[i] == ',')
                {
                    i++;
                    continue;
                }
                break;
            }
            if (i < text.Length)
            {
                i += text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                line++;
            }
            if (fields.Count > 1 || fields[0].Length > 0)
            {
                yield return new CsvRecord(start, fields.ToArray());
            }
        }
    }
}

/// <summary>A CSV file that is not well formed, with the line where it goes wrong.</summary>
internal sealed class CsvFormatException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}
