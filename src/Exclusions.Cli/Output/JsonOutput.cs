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
        _target.Write(Encoding.UTF8.GetString(_buffer.WrittenSpan));
        _buffer.ResetWrittenCount();
    }
}
