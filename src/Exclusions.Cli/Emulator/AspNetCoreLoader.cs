using System.Reflection;
using System.Runtime.Loader;

namespace Exclusions.Cli.Emulator;

/// <summary>
/// Resolves ASP.NET Core assemblies from the installed Microsoft.AspNetCore.App shared framework of the
/// running .NET major version, on demand. The CLI does not declare that framework (so a machine with only
/// the .NET runtime runs every other command); <c>--emulator</c> calls <see cref="EnsureAvailable"/> first.
/// </summary>
internal static class AspNetCoreLoader
{
    private const string Framework = "Microsoft.AspNetCore.App";
    private static readonly Lock Gate = new();
    private static string? _directory;

    /// <summary>The ASP.NET Core shared framework folder to load from, or null when it is not installed.</summary>
    public static string? FindFrameworkDirectory()
    {
        // <dotnet root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var shared = runtimeDirectory is null ? null : Path.GetDirectoryName(Path.GetDirectoryName(runtimeDirectory));
        var frameworks = shared is null ? null : Path.Combine(shared, Framework);
        if (frameworks is null || !Directory.Exists(frameworks))
        {
            return null;
        }

        var major = Environment.Version.Major;
        return Directory.EnumerateDirectories(frameworks)
            .Select(d => (Path: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
            .Where(d => d.Version is not null && d.Version.Major == major)
            .OrderByDescending(d => d.Version)
            .Select(d => d.Path)
            .FirstOrDefault();
    }

    /// <summary>Installs the resolver (once).</summary>
    /// <exception cref="CliException">ASP.NET Core is neither loaded nor installed (exit 2).</exception>
    public static void EnsureAvailable()
    {
        lock (Gate)
        {
            if (_directory is not null || AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "Microsoft.AspNetCore"))
            {
                return; // already resolvable (a host that references ASP.NET Core, such as the tests)
            }

            _directory = FindFrameworkDirectory() ?? throw CliException.Usage(
                $"--emulator needs the ASP.NET Core runtime {Environment.Version.Major}.x ({Framework}), which is not installed; "
                + "every other command works without it (install it with your package manager, e.g. aspnetcore-runtime-"
                + $"{Environment.Version.Major}.0, or use real API keys).");
            AssemblyLoadContext.Default.Resolving += Resolve;
        }
    }

    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        var path = Path.Combine(_directory!, name.Name + ".dll");
        return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
    }
}
