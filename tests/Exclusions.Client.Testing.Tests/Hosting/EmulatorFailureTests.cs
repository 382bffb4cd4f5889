using Exclusions.Client.Topo;
using Microsoft.Extensions.DependencyInjection;

namespace Exclusions.Client.Testing.Tests.Hosting;

/// <summary>
/// An exception inside the emulator (here: a test's own <see cref="ExclusionsEmulatorOptions.OnRequest"/>
/// callback throwing) used to end as a silent 500 that the SDK retried and reported as the vendor's server
/// error. It must reach the test: from the SDK call that caused it, and from <c>DisposeAsync</c>.
/// Written against the pre-existing API only, so it ran (and failed) before the fix.
/// </summary>
public sealed class EmulatorFailureTests
{
    [Fact]
    public async Task An_exception_inside_the_emulator_fails_the_SDK_call_and_the_dispose()
    {
        var thrown = new InvalidOperationException("bug in a test callback");
        var emulator = await ExclusionsEmulator.StartAsync(new ExclusionsEmulatorOptions { OnRequest = _ => throw thrown });
        var services = new ServiceCollection().AddExclusionsEmulator(emulator);
        await using (var provider = services.BuildServiceProvider())
        {
            var topo = provider.GetRequiredService<TopoExclusionsClient>();

            var fromCall = await Assert.ThrowsAnyAsync<Exception>(() => topo.GetApiKeyInfoAsync());

            Assert.Contains(thrown, Chain(fromCall));
            Assert.Single(emulator.Requests); // failed at once: not retried as if it were the vendor's 500
        }

        var fromDispose = await Assert.ThrowsAnyAsync<Exception>(async () => await emulator.DisposeAsync());
        Assert.Contains(thrown, Chain(fromDispose));
    }

    [Fact]
    public async Task A_failure_is_recorded_with_its_request_and_the_500_is_marked()
    {
        var emulator = await ExclusionsEmulator.StartAsync(new ExclusionsEmulatorOptions
        {
            OnRequest = r => throw new InvalidOperationException("callback failed for " + r.Path),
            ThrowOnDisposeIfFailed = false,
        });
        await using (emulator)
        {
            using var http = new HttpClient();
            using var response = await http.GetAsync(new Uri(emulator.TopoBaseAddress, "me"));

            var failure = Assert.Single(emulator.Failures);
            Assert.Equal(failure.RequestId, Assert.Single(response.Headers.GetValues("X-Emulator-Failure")));
            Assert.Equal(EmulatedVendor.Topo, failure.Vendor);
            Assert.Equal("/v1/me", failure.Path);
            Assert.Equal("callback failed for /v1/me", failure.Exception.Message);
            Assert.Equal(failure, Assert.Single(emulator.Inspect().Failures));
            var thrown = Assert.Throws<EmulatorFailureException>(emulator.ThrowIfFailed);
            Assert.Same(failure.Exception, thrown.InnerException);
        }
    }

    [Fact]
    public async Task A_healthy_emulator_disposes_quietly()
    {
        var emulator = await ExclusionsEmulator.StartAsync();
        using (var http = new HttpClient())
        {
            using var response = await http.GetAsync(new Uri(emulator.TopoBaseAddress, "me"));
            Assert.False(response.Headers.Contains("X-Emulator-Failure"));
        }

        Assert.Empty(emulator.Failures);
        await emulator.DisposeAsync();
    }

    private static IEnumerable<Exception> Chain(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            yield return exception;
            if (exception is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
