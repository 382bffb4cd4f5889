using System.Globalization;
using System.Text;

namespace Exclusions.Cli.Output;

/// <summary>
/// A table for people, streamed: the column widths are fixed from the first <see cref="SampleSize"/> rows
/// and the width of the terminal (<see cref="CliConsole.OutputWidth"/>), with headroom for longer later rows
/// where the line has room (<see cref="GiveHeadroom"/>), then every row is written as it
/// comes, so a table of any length takes constant memory. Columns are separated by two spaces, under a
/// header and a rule. A value wider than its column is cut, at a space when one is near the end so no word
/// is broken in the middle, and always ends with <c>…</c>: a cut never goes unseen (<see cref="AnyTruncated"/>).
/// Control and invisible characters are shown escaped (<c>\u{000A}</c>), so a value cannot break a row or
/// hide text. <c>--format csv|json</c> prints whole values.
/// </summary>
internal sealed class TableWriter
{
    /// <summary>How many rows decide the column widths (a shorter table is laid out from all of its rows).</summary>
    public const int SampleSize = 1000;

    /// <summary>The text between two columns.</summary>
    public const string Separator = "  ";

    /// <summary>What ends a cut value.</summary>
    public const string Ellipsis = "…";

    private readonly TextWriter _target;
    private readonly string[] _headers;
    private readonly int[] _weights;
    private readonly int _width;
    private readonly bool _bold;
    private readonly int _sampleSize;
    private List<string[]>? _sample = [];
    private int[]? _columnWidths;
    private int _lastColumnLimit;
    private readonly StringBuilder _line = new();

    /// <param name="target">Where the table goes (stdout).</param>
    /// <param name="headers">The column titles.</param>
    /// <param name="width">The width to fit, in terminal cells.</param>
    /// <param name="bold">Whether the header is drawn in bold (ANSI; a terminal only).</param>
    /// <param name="weights">
    /// How much room each column gets when the table must shrink, relative to the others (1 unless given;
    /// the main value's column gets more).
    /// </param>
    /// <param name="sampleSize">How many rows decide the widths (tests set it small).</param>
    public TableWriter(TextWriter target, IReadOnlyList<string> headers, int width, bool bold = false, IReadOnlyList<int>? weights = null, int sampleSize = SampleSize)
    {
        _target = target;
        _headers = [.. headers.Select(Escape)];
        _weights = weights is null ? [.. headers.Select(_ => 1)] : [.. weights];
        _width = width;
        _bold = bold;
        _sampleSize = Math.Max(sampleSize, 1);
    }

    /// <summary>How many rows were written.</summary>
    public int Count { get; private set; }

    /// <summary>Whether any value (or title) was cut to fit.</summary>
    public bool AnyTruncated { get; private set; }

    /// <summary>The widths chosen, once the sample is complete.</summary>
    public IReadOnlyList<int>? ColumnWidths => _columnWidths;

    /// <summary>Adds one row (one cell per column; missing cells are empty).</summary>
    public void WriteRow(IReadOnlyList<string?> cells)
    {
        Count++;
        var escaped = new string[_headers.Length];
        for (var i = 0; i < escaped.Length; i++)
        {
            escaped[i] = i < cells.Count ? Escape(cells[i]) : string.Empty;
        }

        if (_sample is not null)
        {
            _sample.Add(escaped);
            if (_sample.Count >= _sampleSize)
            {
                Flush();
            }

            return;
        }

        WriteLine(escaped);
    }

    /// <summary>Writes what is still held (a table shorter than the sample), header included. Safe to call more than once.</summary>
    public void Flush()
    {
        if (_sample is null)
        {
            return;
        }

        var natural = new int[_headers.Length];
        for (var i = 0; i < natural.Length; i++)
        {
            natural[i] = DisplayWidth(_headers[i]);
        }

        foreach (var row in _sample)
        {
            for (var i = 0; i < natural.Length; i++)
            {
                natural[i] = Math.Max(natural[i], DisplayWidth(row[i]));
            }
        }

        var available = _width - (Separator.Length * Math.Max(_headers.Length - 1, 0));
        _columnWidths = Fit(natural, _weights, available);
        _lastColumnLimit = GiveHeadroom(_columnWidths, natural, _weights, available);
        var sample = _sample;
        _sample = null;

        WriteLine(_headers, _bold);
        WriteLine([.. _columnWidths.Select(w => new string('─', w))]);
        foreach (var row in sample)
        {
            WriteLine(row);
        }
    }

    /// <summary>
    /// The widths of the columns for <paramref name="available"/> cells (separators excluded): each column's
    /// natural width when they all fit; otherwise the columns that need the least stay whole and the others
    /// share the rest in proportion to their weights (max-min fairness), none narrower than 2 cells (one
    /// character and the ellipsis) or its natural width, whichever is less.
    /// </summary>
    internal static int[] Fit(IReadOnlyList<int> natural, IReadOnlyList<int> weights, int available)
    {
        var count = natural.Count;
        var widths = natural.ToArray();
        if (widths.Sum() <= available)
        {
            return widths;
        }

        var minimum = natural.Select(n => Math.Min(n, 2)).ToArray();
        int WidthAt(int i, int level) => Math.Min(natural[i], Math.Max(minimum[i], level * weights[i]));
        int TotalAt(int level)
        {
            var total = 0;
            for (var i = 0; i < count; i++)
            {
                total += WidthAt(i, level);
            }

            return total;
        }

        // The highest level whose widths fit (level 0 is every column at its minimum).
        int low = 0, high = natural.Max();
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (TotalAt(middle) <= available)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        for (var i = 0; i < count; i++)
        {
            widths[i] = WidthAt(i, low);
        }

        // What is left goes one cell at a time to the columns still cut, the heaviest first.
        var left = available - widths.Sum();
        var order = Enumerable.Range(0, count).OrderByDescending(i => weights[i]).ThenBy(i => i).ToArray();
        while (left > 0)
        {
            var gave = false;
            foreach (var i in order)
            {
                if (left > 0 && widths[i] < natural[i])
                {
                    widths[i]++;
                    left--;
                    gave = true;
                }
            }

            if (!gave)
            {
                break;
            }
        }

        return widths;
    }

    /// <summary>
    /// Rows after the sample may be longer than any in it (<c>person1000@…</c> after <c>person999@…</c>): where the
    /// sample left room on the line, the main value's column (the heaviest, unless it was cut) grows by a quarter
    /// of its width (at least 4 cells), and the last column, which is never padded, may use whatever room is left.
    /// Returns the last column's limit; <paramref name="widths"/> is changed in place.
    /// </summary>
    internal static int GiveHeadroom(int[] widths, IReadOnlyList<int> natural, IReadOnlyList<int> weights, int available)
    {
        var count = widths.Length;
        if (count == 0)
        {
            return 0;
        }

        var spare = available - widths.Sum();
        var heaviest = count > 1 ? Enumerable.Range(0, count - 1).Max(i => weights[i]) : 0;
        for (var i = 0; i < count - 1 && spare > 0; i++)
        {
            if (weights[i] == heaviest && widths[i] == natural[i])
            {
                var grow = Math.Min(spare, Math.Max(4, natural[i] / 4));
                widths[i] += grow;
                spare -= grow;
            }
        }

        return widths[count - 1] + Math.Max(spare, 0);
    }

    /// <summary>
    /// <paramref name="text"/> in at most <paramref name="width"/> cells: whole when it fits, else cut and
    /// ended with <c>…</c>, at the last space when that keeps at least half of the room (a word is not broken
    /// in the middle unless it alone is wider than the column).
    /// </summary>
    internal static string Truncate(string text, int width, out bool truncated)
    {
        truncated = false;
        if (DisplayWidth(text) <= width)
        {
            return text;
        }

        truncated = true;
        if (width <= 0)
        {
            return string.Empty;
        }

        var room = width - 1;
        var end = 0;
        var used = 0;
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var element = (string)enumerator.Current;
            var cells = DisplayWidth(element);
            if (used + cells > room)
            {
                break;
            }

            used += cells;
            end = enumerator.ElementIndex + element.Length;
        }

        var cut = text[..end];
        var space = cut.LastIndexOf(' ');
        if (space > 0 && end < text.Length && text[end] != ' ' && DisplayWidth(cut[..space]) * 2 >= room)
        {
            cut = cut[..space];
        }

        return cut.TrimEnd(' ') + Ellipsis;
    }

    /// <summary>
    /// The cells a text takes on a terminal: 2 for East Asian wide and full-width characters and most emoji,
    /// 0 for combining marks, 1 otherwise.
    /// </summary>
    internal static int DisplayWidth(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += RuneWidth(rune);
        }

        return width;
    }

    /// <summary>
    /// Control characters, invisible format characters (zero-width, bidirectional overrides), line and
    /// paragraph separators and unpaired surrogates as <c>\u{XXXX}</c>: a table row stays one line and shows
    /// every character a value holds.
    /// </summary>
    internal static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        StringBuilder? builder = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder?.Append(c).Append(value[i + 1]);
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                builder ??= new StringBuilder(value.Length + 8).Append(value, 0, i);
                builder.Append(CultureInfo.InvariantCulture, $"\\u{{{(int)c:X4}}}");
            }
            else
            {
                builder?.Append(c);
            }
        }

        return builder?.ToString() ?? value;
    }

    private static int RuneWidth(System.Text.Rune rune)
    {
        var category = System.Text.Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format)
        {
            return 0;
        }

        var v = rune.Value;
        var wide = v is (>= 0x1100 and <= 0x115F) or (>= 0x2E80 and <= 0x303E) or (>= 0x3041 and <= 0x33FF)
            or (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xA000 and <= 0xA4CF)
            or (>= 0xAC00 and <= 0xD7A3) or (>= 0xF900 and <= 0xFAFF) or (>= 0xFE30 and <= 0xFE4F)
            or (>= 0xFF00 and <= 0xFF60) or (>= 0xFFE0 and <= 0xFFE6) or (>= 0x1F300 and <= 0x1F64F)
            or (>= 0x1F900 and <= 0x1F9FF) or (>= 0x20000 and <= 0x3FFFD);
        return wide ? 2 : 1;
    }

    private void WriteLine(string[] cells, bool bold = false)
    {
        var widths = _columnWidths!;
        _line.Clear();
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                _line.Append(Separator);
            }

            var shown = Truncate(cells[i], i == cells.Length - 1 ? _lastColumnLimit : widths[i], out var truncated);
            AnyTruncated |= truncated;
            _line.Append(shown);
            if (i < cells.Length - 1)
            {
                _line.Append(' ', widths[i] - DisplayWidth(shown));
            }
        }

        var text = _line.ToString().TrimEnd(' ');
        _target.WriteLine(bold ? $"\u001b[1m{text}\u001b[0m" : text);
    }
}
