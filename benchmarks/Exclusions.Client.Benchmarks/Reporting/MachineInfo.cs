using System.Globalization;
using System.Runtime.InteropServices;

namespace Exclusions.Client.Benchmarks.Reporting;

/// <summary>What the figures were measured on: they mean little without it.</summary>
internal sealed record MachineInfo(string Cpu, int LogicalCores, string OperatingSystem, string Runtime, string LoadAverage)
{
    public static MachineInfo Current() => new(
        ReadLinuxValue("/proc/cpuinfo", "model name", ':') ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        string.Create(CultureInfo.InvariantCulture, $"{ReadLinuxValue("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription} (kernel {Environment.OSVersion.Version}, {RuntimeInformation.OSArchitecture})"),
        $"{RuntimeInformation.FrameworkDescription}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC",
        LoadAverageNow());

    /// <summary>The 1-, 5- and 15-minute load averages (Linux), to judge how noisy a run was.</summary>
    public static string LoadAverageNow()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(" / ", parts.Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    private static string? ReadLinuxValue(string path, string key, char separator)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            var at = line.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0 && line[..at].Trim().Equals(key, StringComparison.Ordinal))
            {
                return line[(at + 1)..].Trim();
            }
        }

        return null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Cpu}, {LogicalCores} logical cores, {OperatingSystem}, {Runtime}");
}
