using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Exclusions.Client.Testing.Tests.Conventions;

/// <summary>
/// These tests run twice: net10.0, and net8.0 self-contained on the .NET 8 and ASP.NET Core 8 runtime packs
/// (Directory.Build.props, TestsOnNet8). This checks each run tests the emulator build it names on the runtime
/// it names (Kestrel included), not a net8.0 build rolled forward to the installed .NET 10.
/// </summary>
public sealed class TargetFrameworkTests
{
    [Fact]
    public void The_tests_run_the_package_build_of_their_framework_on_that_runtime_and_aspnetcore()
    {
#if NET10_0
        const int expected = 10;
#elif NET8_0
        const int expected = 8;
#endif
        Assert.Equal(expected, Environment.Version.Major);
        Assert.StartsWith($".NET {expected}.", RuntimeInformation.FrameworkDescription, StringComparison.Ordinal);
        Assert.Equal(expected, typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.GetName().Version!.Major);
        var built = typeof(ExclusionsEmulator).Assembly.GetCustomAttributes(typeof(TargetFrameworkAttribute), false)
            .Cast<TargetFrameworkAttribute>().Single().FrameworkName;
        Assert.Equal($".NETCoreApp,Version=v{expected}.0", built);
    }
}
