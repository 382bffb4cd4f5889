using System.Runtime.InteropServices;

namespace Exclusions.Client.Tests.Conventions;

/// <summary>
/// These tests run twice: net10.0, and net8.0 self-contained on the .NET 8 runtime pack (Directory.Build.props,
/// TestsOnNet8). This checks each run tests the build it names on the runtime it names, not a net8.0 build
/// rolled forward to the installed .NET 10.
/// </summary>
public sealed class TargetFrameworkTests
{
    [Fact]
    public void The_tests_run_the_package_build_of_their_framework_on_that_runtime()
    {
#if NET10_0
        const int expected = 10;
#elif NET8_0
        const int expected = 8;
#endif
        Assert.Equal(expected, Environment.Version.Major);
        Assert.StartsWith($".NET {expected}.", RuntimeInformation.FrameworkDescription, StringComparison.Ordinal);
        var built = typeof(ExclusionSnapshot).Assembly.GetCustomAttributes(typeof(System.Runtime.Versioning.TargetFrameworkAttribute), false)
            .Cast<System.Runtime.Versioning.TargetFrameworkAttribute>().Single().FrameworkName;
        Assert.Equal($".NETCoreApp,Version=v{expected}.0", built);
    }
}
