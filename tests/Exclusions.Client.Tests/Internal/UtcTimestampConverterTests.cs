using System.Text.Json;
using Exclusions.Client.Internal;

namespace Exclusions.Client.Tests.Internal;

public sealed class UtcTimestampConverterTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new UtcTimestampConverter() } };

    [Theory]
    [InlineData("\"2025-06-10T12:00:00Z\"", "2025-06-10T12:00:00+00:00")]
    [InlineData("\"2025-06-10T12:00:00.145Z\"", "2025-06-10T12:00:00.145+00:00")]
    [InlineData("\"2025-06-10T14:00:00+02:00\"", "2025-06-10T12:00:00+00:00")]
    [InlineData("\"2025-06-10T12:00:00\"", "2025-06-10T12:00:00+00:00")]
    [InlineData("\"2025-06-10T14:00:00\\u002B02:00\"", "2025-06-10T12:00:00+00:00")]
    public void Reads_iso8601_with_or_without_offset_as_utc(string json, string expected)
    {
        var value = JsonSerializer.Deserialize<DateTimeOffset>(json, Options);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Fact]
    public void Writes_utc_with_z()
        => Assert.Equal("\"2031-03-04T05:06:07.5Z\"", JsonSerializer.Serialize(new DateTimeOffset(2031, 3, 4, 7, 6, 7, 500, TimeSpan.FromHours(2)), Options));

    [Fact]
    public void An_empty_string_is_a_json_error()
        => Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<DateTimeOffset>("\"\"", Options));
}
