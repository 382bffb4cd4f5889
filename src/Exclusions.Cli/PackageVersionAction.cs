using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Exclusions.Cli;

/// <summary>
/// <c>--version</c>: the package version alone (<c>1.0.0</c>, <c>1.0.0-rc.1</c>), as scripts expect,
/// without the <c>+commit</c> build metadata System.CommandLine would print.
/// </summary>
internal sealed class PackageVersionAction(CliConsole console) : SynchronousCommandLineAction
{
    /// <summary>The version the tool package was built as.</summary>
    public static string Version { get; } = Read();

    public override int Invoke(ParseResult parseResult)
    {
        console.Out.WriteLine(Version);
        return CliExitCode.Success;
    }

    private static string Read()
    {
        var assembly = typeof(PackageVersionAction).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString(3)
            ?? "0.0.0";
        var metadata = informational.IndexOf('+', StringComparison.Ordinal);
        return metadata < 0 ? informational : informational[..metadata];
    }
}
