using Exclusions.Client.Testing.Hosting;

namespace Exclusions.Client.Testing.Tests.Hosting;

public sealed class TimestampsTests
{
    [Theory]
    [InlineData("2024-11-01T09:00:00Z", "2024-11-01T09:00:00Z")]
    [InlineData("2024-11-01T09:00:00.5Z", "2024-11-01T09:00:00.5Z")]
    [InlineData("2024-11-01T10:00:00+01:00", "2024-11-01T09:00:00Z")]
    [InlineData("2024-11-01T09:00:00", "2024-11-01T09:00:00Z")]
    [InlineData("2024-11-01", "2024-11-01T00:00:00Z")]
    public void Topo_timestamps_round_trip_as_UTC_with_Z(string input, string expected)
    {
        Assert.True(Timestamps.TryParseIso8601(input, out var parsed));
        Assert.Equal(expected, Timestamps.FormatTopo(parsed));
    }

    [Theory]
    [InlineData("01/11/2024")]
    [InlineData("2024-11-01T10:00:00 01:00")]
    [InlineData("tomorrow")]
    [InlineData("")]
    public void Non_ISO_8601_is_rejected(string input) => Assert.False(Timestamps.TryParseIso8601(input, out _));

    [Fact]
    public void Amplemarket_timestamps_always_have_milliseconds() =>
        Assert.Equal("2024-08-28T22:33:16.000Z", Timestamps.FormatAmplemarket(new DateTimeOffset(2024, 8, 28, 22, 33, 16, TimeSpan.Zero)));
}
