using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Exclusions.Cli.Output;

/// <summary>
/// A <see cref="Utf8JsonWriter"/> over a <see cref="TextWriter"/>, flushed in blocks, so a list of any
/// length streams to stdout. Characters are escaped only where JSON requires it (the output is read by
/// tools and people, never embedded in HTML).
/// </summary>
internal sealed class JsonOutput : IDisposable
{
    private const int FlushThreshold = 64 * 1024;
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly TextWriter _target;
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private char[] _chars = [];

    public JsonOutput(TextWriter target)
    {
        _target = target;
        Writer = new Utf8JsonWriter(_buffer, Options);
    }

    public Utf8JsonWriter Writer { get; }

    /// <summary>Passes what is written so far to the target once enough has accumulated.</summary>
    public void FlushIfLarge()
    {
        if (Writer.BytesPending + _buffer.WrittenCount >= FlushThreshold)
        {
            Flush();
        }
    }

    /// <summary>Writes everything out, ending with a new line.</summary>
    public void Complete()
    {
        Flush();
        _target.WriteLine();
        _target.Flush();
    }

    public void Dispose() => Writer.Dispose();

    private void Flush()
    {
        Writer.Flush();

        // Decoded into one reused buffer: a string per 64 KiB block (128 KiB of chars) went to the large object
        // heap, which is not compacted, and raised the peak memory of a long JSON output.
        var bytes = _buffer.WrittenSpan;
        var needed = Encoding.UTF8.GetMaxCharCount(bytes.Length);
        if (_chars.Length < needed)
        {
            _chars = new char[needed];
        }

        var count = Encoding.UTF8.GetChars(bytes, _chars);
        _target.Write(_chars, 0, count);
        _buffer.ResetWrittenCount();
    }
}
