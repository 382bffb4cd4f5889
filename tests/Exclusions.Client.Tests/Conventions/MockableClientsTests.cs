using System.Reflection;
using Exclusions.Client.Amplemarket;
using Exclusions.Client.Topo;

namespace Exclusions.Client.Tests.Conventions;

/// <summary>
/// Public clients are mockable (as Azure SDK clients are): a protected parameterless constructor, and every
/// public instance member a test would stub is virtual. A new non-virtual member fails here, not in a user's mock.
/// </summary>
public sealed class MockableClientsTests
{
    public static TheoryData<Type> Clients => new() { typeof(TopoExclusionsClient), typeof(AmplemarketExclusionsClient), typeof(ExclusionClients) };

    [Theory]
    [MemberData(nameof(Clients))]
    public void A_client_has_a_protected_constructor_for_mocks(Type client)
    {
        Assert.False(client.IsSealed);
        var constructor = client.GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, Type.EmptyTypes);
        Assert.NotNull(constructor);
        Assert.True(constructor!.IsFamily, $"{client.Name}() must be protected");
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void Every_public_instance_method_of_a_client_is_virtual(Type client)
    {
        // Dispose/DisposeAsync follow the dispose pattern (protected virtual Dispose(bool) / DisposeAsyncCore).
        var notVirtual = client.GetMethods(BindingFlags.Instance | BindingFlags.Public)
            .Where(m => m.DeclaringType != typeof(object) && m.Name is not ("Dispose" or "DisposeAsync"))
            .Where(m => !m.IsVirtual || m.IsFinal)
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .Distinct()
            .ToList();

        Assert.Empty(notVirtual);
    }
}
