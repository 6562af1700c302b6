using System.Text;

namespace PullDoctor.Demo.Output;

/// <summary>
/// Columns laid out the way kubectl's text/tabwriter lays them out: each cell padded to its column's widest cell
/// plus <c>padding</c> (and at least <c>minWidth</c>), the last column unpadded.
/// </summary>
internal static class TextColumns
{
    /// <summary>kubectl get: tabwriter.NewWriter(out, 6, 4, 3, ' ', 0).</summary>
    public static string Get(IReadOnlyList<IReadOnlyList<string>> rows) => Format(rows, minWidth: 6, padding: 3, indent: string.Empty);

    /// <summary>kubectl describe: tabwriter.NewWriter(out, 0, 8, 2, ' ', 0), rows indented by level.</summary>
    public static string Describe(IReadOnlyList<IReadOnlyList<string>> rows, string indent) => Format(rows, minWidth: 0, padding: 2, indent);

    private static string Format(IReadOnlyList<IReadOnlyList<string>> rows, int minWidth, int padding, string indent)
    {
        var columns = rows.Max(r => r.Count);
        var widths = Enumerable.Range(0, columns)
            .Select(c => Math.Max(minWidth, rows.Where(r => c < r.Count - 1).Select(r => r[c].Length + padding).DefaultIfEmpty(0).Max()))
            .ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(indent);
            for (var c = 0; c < row.Count; c++)
            {
                text.Append(c == row.Count - 1 ? row[c] : row[c].PadRight(widths[c]));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
