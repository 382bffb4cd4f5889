using CsCheck;

namespace Exclusions.Client.Testing.Tests.Contract;

/// <summary>
/// Add→check consistency against the emulator, for any vendor and for the composite: whatever an add
/// accepted, a check afterwards reports excluded; whatever a remove removed is no longer held. Values are
/// drawn from pools of case, Unicode (NFC/NFD), IDN and <c>www.</c> variants of a few names, so that
/// equivalent spellings meet in one run.
/// </summary>
public sealed class AddCheckProperties : IAsyncLifetime
{
    private static readonly string[] Domains = ["münchen.de", "MÜNCHEN.DE", "xn--mnchen-3ya.de", "www.rival.com", "https://www.rival.com/about", "rival.com", "Acme.com.", "例子.广告"];
    private static readonly string[] Locals = ["jörg", "JÖRG", "jo\u0308rg", "jane", "Jane", "用户"];

    private static readonly Gen<(ExclusionTargetType Type, string Value)> Value = Gen.Frequency(
        (1, (IGen<(ExclusionTargetType, string)>)Gen.OneOf(Domains).Select(d => (ExclusionTargetType.Domain, d))),
        (1, Gen.Select(Gen.OneOf(Locals), Gen.OneOf(Domains.Where(d => !d.Contains('/', StringComparison.Ordinal)).ToArray()))
            .Select((l, d) => (ExclusionTargetType.Email, l + "@" + d))));

    private EmulatorClients _env = null!;

    public async Task InitializeAsync() => _env = await EmulatorClients.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public void What_an_add_accepted_is_excluded_and_what_a_remove_removed_is_not()
    {
        var clients = new (string Name, Func<IReadOnlyList<IExclusionClient>> Get)[]
        {
            ("topo", () => [_env.Facade(ExclusionProvider.Topo)]),
            ("amplemarket", () => [_env.Facade(ExclusionProvider.Amplemarket)]),
            ("all", () => [.. _env.All]),
        };

        Gen.Select(Gen.Int[0, 2], Value.Array[1, 6], Gen.Bool.Array[6]).Sample((which, values, removeMask) =>
        {
            _env.Emulator.Reset();
            var targets = values.Select(v => ExclusionTarget.Create(v.Type, v.Value)).ToArray();
            var chosen = clients[which].Get();
            foreach (var client in chosen)
            {
                var added = client.AddAsync(targets.Select(t => new ExclusionRequest(t))).GetAwaiter().GetResult();
                Assert.All(added.Items, i => Assert.Contains(i.Outcome.Kind, new[] { ItemOutcomeKind.Added, ItemOutcomeKind.AlreadyExcluded }));
            }

            var snapshot = ExclusionSnapshot.LoadAsync(chosen).GetAwaiter().GetResult();
            foreach (var (value, target) in values.Zip(targets))
            {
                var probe = value.Type == ExclusionTargetType.Email ? value.Value : "someone@" + target.Value;
                Assert.True(snapshot.IsExcluded(probe), $"{clients[which].Name}: added {value.Value} but {probe} is not excluded");
            }

            var toRemove = targets.Where((_, i) => removeMask[i]).ToArray();
            if (toRemove.Length == 0)
            {
                return;
            }

            foreach (var client in chosen)
            {
                var removed = client.RemoveAsync(toRemove).GetAwaiter().GetResult();
                Assert.All(removed.Items, i => Assert.Contains(i.Outcome.Kind, new[] { ItemOutcomeKind.Removed, ItemOutcomeKind.NotFound }));
            }

            var after = ExclusionSnapshot.LoadAsync(chosen).GetAwaiter().GetResult();
            foreach (var target in toRemove)
            {
                Assert.False(after.Contains(target, DateTimeOffset.UtcNow), $"{clients[which].Name}: removed {target} but it is still held");
            }
        }, iter: 40, threads: 1);
    }
}
