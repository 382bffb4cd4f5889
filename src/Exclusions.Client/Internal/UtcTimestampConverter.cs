using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Exclusions.Client.Internal;

/// <summary>
/// Writes timestamps as ISO 8601 in UTC with a <c>Z</c> suffix (the form both vendors document);
/// reads any ISO 8601 offset.
/// </summary>
internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    private const int MaxStackChars = 64;
    private const DateTimeStyles Styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // Every list item carries two or three timestamps: parse them from the UTF-8 bytes without a string.
        if (reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && !reader.ValueIsEscaped && reader.ValueSpan.Length is > 0 and <= MaxStackChars)
        {
            Span<char> chars = stackalloc char[MaxStackChars];
            var length = System.Text.Encoding.UTF8.GetChars(reader.ValueSpan, chars);
            return DateTimeOffset.Parse(chars[..length], CultureInfo.InvariantCulture, Styles);
        }

        var text = reader.GetString();
        if (string.IsNullOrEmpty(text))
        {
            throw new JsonException("Expected an ISO 8601 timestamp, got an empty string.");
        }

        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, Styles);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
        => writer.WriteStringValue(Format(value));

    public static string Format(DateTimeOffset value)
        => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
