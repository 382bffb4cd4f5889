using Exclusions.Client.Testing.Hosting;

namespace Exclusions.Client.Testing.Tests.Hosting;

public sealed class TimestampsTests
{
    [Theory]
    [InlineData("2024-11-01T09:00:00Z", "2024-11-01T09:00:00.000000Z")]
    [InlineData("2024-11-01T09:00:00.5Z", "2024-11-01T09:00:00.500000Z")]
    [InlineData("2024-11-01T09:00:00.1234567Z", "2024-11-01T09:00:00.123456Z")]
    [InlineData("2024-11-01T10:00:00+01:00", "2024-11-01T09:00:00.000000Z")]
    [InlineData("2024-11-01t09:00:00z", "2024-11-01T09:00:00.000000Z")]
    public void Topo_timestamps_round_trip_as_UTC_with_Z_and_six_digits(string input, string expected)
    {
        Assert.True(Timestamps.TryParseIso8601(input, acceptPartial: false, out var parsed));
        Assert.Equal(expected, Timestamps.FormatTopo(parsed, 6));
    }

    // Strict by default: a full date-time with seconds and an offset. AcceptPartialTimestamps takes the rest as UTC.
    [Theory]
    [InlineData("2024-11-01T09:00:00", "2024-11-01T09:00:00.000000Z")]
    [InlineData("2024-11-01", "2024-11-01T00:00:00.000000Z")]
    [InlineData("2024-11-01T09:00Z", "2024-11-01T09:00:00.000000Z")]
    [InlineData("2024-11-01T10:00:00+0100", "2024-11-01T09:00:00.000000Z")]
    public void Partial_timestamps_are_refused_unless_accepted(string input, string expected)
    {
        Assert.False(Timestamps.TryParseIso8601(input, acceptPartial: false, out _));
        Assert.True(Timestamps.TryParseIso8601(input, acceptPartial: true, out var parsed));
        Assert.Equal(expected, Timestamps.FormatTopo(parsed, 6));
    }

    [Theory]
    [InlineData(0, "2024-11-01T09:00:00Z")]
    [InlineData(3, "2024-11-01T09:00:00.123Z")]
    [InlineData(7, "2024-11-01T09:00:00.1234567Z")]
    public void Topo_timestamps_have_exactly_the_configured_digits(int digits, string expected)
    {
        var value = new DateTimeOffset(2024, 11, 1, 9, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);
        Assert.Equal(expected, Timestamps.FormatTopo(value, digits));
        // Stored values are truncated to the written precision: nothing is hidden beyond the digits a client sees.
        var full = Timestamps.FormatTopo(Timestamps.Truncate(value, digits), 7);
        Assert.Equal("1234567"[..digits] + new string('0', 7 - digits), full[20..27]);
    }

    [Theory]
    [InlineData("01/11/2024")]
    [InlineData("2024-11-01T10:00:00 01:00")]
    [InlineData("tomorrow")]
    [InlineData("")]
    public void Non_ISO_8601_is_rejected(string input)
    {
        Assert.False(Timestamps.TryParseIso8601(input, acceptPartial: false, out _));
        Assert.False(Timestamps.TryParseIso8601(input, acceptPartial: true, out _));
    }

    [Fact]
    public void Amplemarket_timestamps_always_have_milliseconds() =>
        Assert.Equal("2024-08-28T22:33:16.000Z", Timestamps.FormatAmplemarket(new DateTimeOffset(2024, 8, 28, 22, 33, 16, TimeSpan.Zero)));
}
