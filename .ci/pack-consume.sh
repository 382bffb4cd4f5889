#!/usr/bin/env bash
# Pack-and-consume test: what a user gets from NuGet, checked the way a user meets it.
#  1. Packs Exclusions.Client, Exclusions.Client.Testing and Exclusions.Client.Redis (Release) with a unique prerelease version
#     into a temporary folder (an isolated build: the repository's bin/obj are not touched).
#  2. Checks the .nupkg/.snupkg contents: README, license expression, both target frameworks, XML docs,
#     symbols, dependency ranges (Testing and Redis depend on Exclusions.Client of the same version), repository
#     and SourceLink metadata.
#  3. Creates a console project (net8.0 and net10.0) in a temporary folder that references the packages
#     BY VERSION from that folder only (no project reference; the README's "Use it from a clone"
#     nuget.config, which adds the folder and maps Exclusions.* to it, everything else to the machine's
#     nuget.org source), restores into an empty packages folder so that no cached package can stand in,
#     checks that net8.0 is not pulled up to Microsoft.Extensions.* 9/10, and runs it on both frameworks:
#     DI registration against the emulator, add / list / find / remove through IExclusionClient and the
#     typed clients. Any mismatch fails.
#  4. The README's tool install from the repository root: packs Exclusions.Cli into ./artifacts, installs
#     it with `dotnet tool install` (into a temporary --tool-path instead of --global) through the
#     repository's nuget.config, and runs `exclusions --version` and a command against the emulator.
# Usage: bash .ci/pack-consume.sh [--no-build]   (exit 0 = passed)
#   --no-build packs the Release build already in bin/ (what .ci/run built and tested) under the test
#   version, instead of building both libraries again in an isolated folder.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

started=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/exclusions-pack-consume.XXXXXX")
trap 'rm -rf "$work"; rm -f "$root/artifacts/Exclusions.Cli.$version.nupkg" "$root/artifacts/Exclusions.Cli.linux-x64.$version.nupkg" "$root/artifacts/Exclusions.Cli.any.$version.nupkg"' EXIT
version="0.1.0-ci.$(date -u +%Y%m%d%H%M%S).$$"
feed="$work/feed"
consumer="$work/consumer"
failures=0

say() { printf '[pack-consume] %3d s  %s\n' "$(($(date +%s) - started))" "$*"; }
bad() { printf '[pack-consume] FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); }
zip_list() { unzip -Z1 "$1"; }
zip_cat() { unzip -p "$1" "$2"; }

# ---- 1. pack ----------------------------------------------------------------------------------
build_args=(--artifacts-path "$work/build")
[ "${1:-}" = "--no-build" ] && build_args=(--no-build)
say "packing $version into $feed (${build_args[0]})"
for project in Exclusions.Client Exclusions.Client.Testing Exclusions.Client.Redis Exclusions.Client.Outbox; do
  dotnet pack "src/$project/$project.csproj" -c Release -o "$feed" "${build_args[@]}" \
    -p:Version="$version" -nologo -v quiet -clp:ErrorsOnly \
    || { echo "[pack-consume] FAIL: dotnet pack $project" >&2; exit 1; }
done
ls -1 "$feed"

# ---- 2. package contents ----------------------------------------------------------------------
repository_url=$(sed -n 's:.*<RepositoryUrl>\(.*\)</RepositoryUrl>.*:\1:p' Directory.Build.props | head -n 1)
github_remote=$(git remote -v 2>/dev/null | grep -c 'github.com' || true)

check_package() {
  local id=$1 nupkg="$feed/$1.$version.nupkg" snupkg="$feed/$1.$version.snupkg"
  [ -f "$nupkg" ] || { bad "$id: $nupkg was not produced"; return; }
  [ -f "$snupkg" ] || bad "$id: no symbol package (.snupkg)"
  local files nuspec symbols=""
  files=$(zip_list "$nupkg")
  [ -f "$snupkg" ] && symbols=$(zip_list "$snupkg")
  nuspec=$(zip_cat "$nupkg" "$id.nuspec")

  grep -qx 'README.md' <<<"$files" || bad "$id: README.md missing from the package root"
  grep -q '<readme>README.md</readme>' <<<"$nuspec" || bad "$id: nuspec has no <readme>"
  grep -q '<license type="expression">MIT</license>' <<<"$nuspec" || bad "$id: nuspec has no MIT license expression"
  grep -q "<version>$version</version>" <<<"$nuspec" || bad "$id: nuspec version is not $version"
  for tfm in net8.0 net10.0; do
    grep -qx "lib/$tfm/$id.dll" <<<"$files" || bad "$id: lib/$tfm/$id.dll missing"
    grep -qx "lib/$tfm/$id.xml" <<<"$files" || bad "$id: XML docs lib/$tfm/$id.xml missing"
    grep -q "<group targetFramework=\"$tfm\"" <<<"$nuspec" \
      || grep -q "<group targetFramework=\"${tfm/net/.NETCoreApp}\"" <<<"$nuspec" \
      || bad "$id: no dependency group for $tfm"
    if [ -f "$snupkg" ]; then
      grep -qx "lib/$tfm/$id.pdb" <<<"$symbols" || bad "$id: symbols lib/$tfm/$id.pdb missing from the .snupkg"
    fi
  done
  if grep -q '\.pdb$' <<<"$files"; then bad "$id: PDBs belong in the .snupkg, not the .nupkg"; fi

  # Every dependency carries a version range; none is on a test or build-only package.
  if grep -o '<dependency [^>]*>' <<<"$nuspec" | grep -v 'version="' | grep -q .; then
    bad "$id: a dependency without a version range"
  fi
  if grep -Eq 'id="(Microsoft\.SourceLink|Microsoft\.CodeAnalysis|xunit|BenchmarkDotNet)' <<<"$nuspec"; then
    bad "$id: a build-only or test package leaked into the dependencies"
  fi

  # Repository metadata (nuspec) and SourceLink (in the portable PDB of the .snupkg).
  grep -q "<repository type=\"git\" url=\"$repository_url\"" <<<"$nuspec" || bad "$id: nuspec <repository> is not $repository_url"
  grep -Eq '<repository [^>]*commit="[0-9a-f]{40}"' <<<"$nuspec" || bad "$id: nuspec <repository> has no commit"
  if [ -f "$snupkg" ]; then
    zip_cat "$snupkg" "lib/net10.0/$id.pdb" >"$work/$id.pdb"
    if grep -aq 'raw.githubusercontent.com' "$work/$id.pdb"; then
      say "$id: SourceLink maps sources to GitHub"
    elif [ "$github_remote" -gt 0 ]; then
      bad "$id: the PDB has no SourceLink map although the repository has a GitHub remote"
    else
      say "$id: note: this clone has no GitHub remote, so SourceLink has nothing to map (Microsoft.SourceLink.GitHub is referenced; a clone of the GitHub repository fills it)"
    fi
  fi
  say "$id: contents checked"
}

check_package Exclusions.Client
check_package Exclusions.Client.Testing
check_package Exclusions.Client.Redis
check_package Exclusions.Client.Outbox
for id in Exclusions.Client.Testing Exclusions.Client.Redis Exclusions.Client.Outbox; do
  nuspec=$(zip_cat "$feed/$id.$version.nupkg" "$id.nuspec")
  for tfm in net8.0 net10.0; do
    # NuGet writes a ProjectReference as a minimum-version range: version="X" means [X, ).
    dependency=$(awk "/<group targetFramework=\"$tfm\"/,/<\/group>/" <<<"$nuspec" | grep -o '<dependency id="Exclusions.Client" [^>]*>' || true)
    grep -q "version=\"$version\"" <<<"$dependency" || bad "$id ($tfm) does not depend on Exclusions.Client $version: '${dependency:-none}'"
  done
done
redis_nuspec=$(zip_cat "$feed/Exclusions.Client.Redis.$version.nupkg" Exclusions.Client.Redis.nuspec)
grep -q 'id="StackExchange.Redis"' <<<"$redis_nuspec" || bad "Exclusions.Client.Redis does not declare its dependency on StackExchange.Redis"
outbox_nuspec=$(zip_cat "$feed/Exclusions.Client.Outbox.$version.nupkg" Exclusions.Client.Outbox.nuspec)
for dependency in Microsoft.Data.Sqlite Npgsql Microsoft.Extensions.Hosting.Abstractions; do
  grep -q "id=\"$dependency\"" <<<"$outbox_nuspec" || bad "Exclusions.Client.Outbox does not declare its dependency on $dependency"
done
if grep -q 'Microsoft.AspNetCore' <<<"$outbox_nuspec"; then bad "Exclusions.Client.Outbox must not depend on ASP.NET Core"; fi
client_nuspec=$(zip_cat "$feed/Exclusions.Client.$version.nupkg" Exclusions.Client.nuspec)
for dependency in Refit Microsoft.Extensions.Http Microsoft.Extensions.Http.Resilience; do
  grep -q "id=\"$dependency\"" <<<"$client_nuspec" || bad "Exclusions.Client does not declare its dependency on $dependency"
done
[ "$failures" -eq 0 ] || { echo "[pack-consume] FAIL: $failures package check(s) failed" >&2; exit 1; }

# ---- 3. consume -------------------------------------------------------------------------------
mkdir -p "$consumer"
# The README's nuget.config ("Use it from a clone"), with the clone's artifacts folder replaced by the feed.
readme_config=$(awk '/<!-- pack-consume: nuget.config -->/{found=1; next} found && /^```xml/{inside=1; next} inside && /^```/{exit} inside{print}' README.md)
grep -q '/path/to/Exclusions.Client/artifacts' <<<"$readme_config" \
  || { echo "[pack-consume] FAIL: README.md has no nuget.config block after <!-- pack-consume: nuget.config -->" >&2; exit 1; }
printf '%s\n' "${readme_config//\/path\/to\/Exclusions.Client\/artifacts/$feed}" >"$consumer/nuget.config"

cat >"$consumer/Consumer.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFrameworks>net8.0;net10.0</TargetFrameworks>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <!-- The feed may serve a near version of a transitive dependency. -->
    <WarningsNotAsErrors>NU1603</WarningsNotAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Exclusions.Client" Version="$version" />
    <PackageReference Include="Exclusions.Client.Testing" Version="$version" />
    <PackageReference Include="Exclusions.Client.Redis" Version="$version" />
    <PackageReference Include="Exclusions.Client.Outbox" Version="$version" />
  </ItemGroup>
</Project>
EOF
cat >"$consumer/Program.cs" <<'EOF'
using Exclusions.Client;
using Exclusions.Client.Amplemarket;
using Exclusions.Client.Testing;
using Exclusions.Client.Topo;
using Microsoft.Extensions.DependencyInjection;

var failures = new List<string>();
void Expect(bool condition, string what)
{
    Console.WriteLine($"  {(condition ? "ok  " : "FAIL")} {what}");
    if (!condition)
    {
        failures.Add(what);
    }
}

await using var emulator = await ExclusionsEmulator.StartAsync();
var services = new ServiceCollection();
services.AddTopoExclusions(o =>
{
    o.ApiKey = emulator.TopoApiKey;
    o.BaseAddress = emulator.TopoBaseAddress;
});
services.AddAmplemarketExclusions(o =>
{
    o.ApiKey = emulator.AmplemarketApiKey;
    o.BaseAddress = emulator.AmplemarketBaseAddress;
})
    // No Redis listens there: the shared limiter must fall back to the in-process one, and every call still works.
    .AddRedisRateLimiter("127.0.0.1:1,connectTimeout=200");
await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

var exclusions = provider.GetRequiredService<ExclusionClients>();
Expect(exclusions.Providers.Count == 2, "both vendors registered through DI");
var email = ExclusionTarget.Email("Pack.Consume@Example.com");
var domain = ExclusionTarget.Domain("consumer.example.org");

// Add through the facade.
var added = await exclusions.AddAsync([new ExclusionRequest(email, ExclusionReason.Unsubscribed), new ExclusionRequest(domain)]);
foreach (var (vendor, result) in added)
{
    Expect(result.AllSucceeded && result.Added == 2, $"{vendor}: facade add of an e-mail and a domain ({result})");
}

Expect(emulator.Topo.ContactExclusions.Any(e => e.Email == "pack.consume@example.com"), "Topo emulator stored the normalized e-mail");
Expect(emulator.Amplemarket.ExcludedEmails.Count == 1 && emulator.Amplemarket.ExcludedDomains.Count == 1, "Amplemarket emulator stored one e-mail and one domain");

// List and find through each IExclusionClient.
foreach (var client in provider.GetServices<IExclusionClient>())
{
    var listed = new List<Exclusion>();
    await foreach (var exclusion in client.ListAsync())
    {
        listed.Add(exclusion);
    }

    Expect(listed.Count == 2 && listed.Any(e => e.Target.Equals(email)) && listed.Any(e => e.Target.Equals(domain)), $"{client.Provider}: ListAsync returns both");
    Expect(await client.FindAsync(email) is not null, $"{client.Provider}: FindAsync finds the e-mail");
}

// The typed clients.
var topo = provider.GetRequiredService<TopoExclusionsClient>();
var contacts = new List<ContactExclusion>();
await foreach (var contact in topo.ListContactExclusionsAsync())
{
    contacts.Add(contact);
}

Expect(contacts.Count == 1 && contacts[0].Reason == ExclusionReason.Unsubscribed, "Topo typed client lists the contact exclusion with its reason");
if (contacts.Count == 1)
{
    var byId = await topo.GetContactExclusionAsync(contacts[0].Id);
    Expect(byId.Email == "pack.consume@example.com", "Topo typed client gets it by id");
}

var created = await topo.CreateContactExclusionAsync(new CreateContactExclusionRequest { Email = "second@example.com", Reason = ExclusionReason.Bounced });
Expect(created.Id != Guid.Empty && created.Email == "second@example.com", "Topo typed client creates a contact exclusion");
await topo.DeleteContactExclusionAsync(created.Id);
try
{
    await topo.GetContactExclusionAsync(created.Id);
    Expect(false, "Topo 404 after delete");
}
catch (ExclusionNotFoundException e)
{
    Expect(e.Provider == ExclusionProvider.Topo, "Topo 404 after delete surfaces as ExclusionNotFoundException");
}

var amplemarket = provider.GetRequiredService<AmplemarketExclusionsClient>();
var bulk = await amplemarket.AddExcludedEmailsAsync(["a@bulk.example", "b@bulk.example", "A@Bulk.Example"]);
Expect(bulk.Added == 3 && bulk.Items.Count == 3 && bulk.AllSucceeded, $"Amplemarket typed bulk add: one outcome per input item, in order ({bulk})");
var emails = new List<string?>();
await foreach (var excluded in amplemarket.ListExcludedEmailsAsync())
{
    emails.Add(excluded.Email);
}

Expect(emails.Count == 3 && emails.Contains("pack.consume@example.com") && emails.Contains("a@bulk.example"), "Amplemarket typed client lists every e-mail, the repeated one stored once");

// The snapshot, then remove through the facade.
var snapshot = await exclusions.LoadSnapshotAsync();
Expect(snapshot.IsExcluded("someone@mail.consumer.example.org") && snapshot.IsExcluded("PACK.CONSUME@example.com") && !snapshot.IsExcluded("free@example.net"), "snapshot matches address, parent domain and nothing else");

var removed = await exclusions.RemoveAsync([email, domain]);
foreach (var (vendor, result) in removed)
{
    Expect(result.AllSucceeded && result.Removed == 2, $"{vendor}: facade remove ({result})");
}

Expect(!emulator.Topo.ContactExclusions.Any() && !emulator.Topo.AccountExclusions.Any(), "Topo emulator is empty after remove");
Expect(emulator.Amplemarket.ExcludedEmails.Count == 2 && emulator.Amplemarket.ExcludedDomains.Count == 0, "Amplemarket emulator keeps only the bulk e-mails");
Expect(emulator.Requests.All(r => r.StatusCode is null or < 500), "no request failed on the server");

// The outbox package: a durable enqueue to a SQLite file, drained to both vendors through the same clients.
var outboxFile = Path.Combine(Path.GetTempPath(), $"pack-consume-outbox-{Guid.NewGuid():N}.db");
var outboxServices = new ServiceCollection();
outboxServices.AddExclusionsEmulator(emulator);
outboxServices.AddExclusionOutbox(o => o.SqlitePath = outboxFile);
await using (var outboxProvider = outboxServices.BuildServiceProvider())
{
    var outbox = outboxProvider.GetRequiredService<Exclusions.Client.Outbox.IExclusionOutbox>();
    await outbox.EnqueueAsync([Exclusions.Client.Outbox.OutboxItem.Add(ExclusionTarget.Email("outbox@consumer.example"))]);
    var drained = await outboxProvider.GetRequiredService<Exclusions.Client.Outbox.ExclusionOutboxDrainer>().DrainDueAsync();
    var status = await outbox.GetStatusAsync();
    Expect(drained.Delivered == 2 && status.Pending == 0 && status.Delivered == 2, $"outbox: enqueued durably and delivered to both vendors ({status})");
    Expect(emulator.Topo.ContactExclusions.Any(e => e.Email == "outbox@consumer.example"), "outbox: Topo holds the opt-out");
}

Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
File.Delete(outboxFile);

Console.WriteLine(failures.Count == 0 ? "consumer: all checks passed" : $"consumer: {failures.Count} check(s) failed");
return failures.Count == 0 ? 0 : 1;
EOF

say "restoring the consumer from $feed (+ nuget.org) into an empty packages folder"
export NUGET_PACKAGES="$work/packages"
dotnet restore "$consumer/Consumer.csproj" -nologo -v quiet \
  || { echo "[pack-consume] FAIL: consumer restore" >&2; exit 1; }
resolved=$(grep -o '"Exclusions\.Client[A-Za-z.]*/[^"]*"' "$consumer/obj/project.assets.json" | sort -u | tr '\n' ' ')
say "resolved: $resolved"
for id in Exclusions.Client Exclusions.Client.Testing Exclusions.Client.Redis Exclusions.Client.Outbox; do
  grep -q "\"$id/$version\"" "$consumer/obj/project.assets.json" || { echo "[pack-consume] FAIL: $id $version was not the version restored" >&2; exit 1; }
done
# net8.0 keeps the app's Microsoft.Extensions.* on 8.0.x (the packages depend on the lowest 8.0.x that work).
pulled_up=$(python3 - "$consumer/obj/project.assets.json" <<'PY'
import json, sys
assets = json.load(open(sys.argv[1]))
target = next(v for k, v in assets["targets"].items() if k.startswith("net8.0"))
names = {k.split("/")[0]: k for k in target}
# Packages raised only by StackExchange.Redis (Exclusions.Client.Redis's dependency, not ours to lower) are a note.
via_redis, todo = set(), ["StackExchange.Redis"]
while todo:
    for dep in target.get(names.get(todo.pop(), ""), {}).get("dependencies", {}):
        if dep not in via_redis:
            via_redis.add(dep); todo.append(dep)
high = sorted(k for k in target if k.startswith("Microsoft.Extensions.") and int(k.split("/")[1].split(".")[0]) > 8)
print(" ".join(k for k in high if k.split("/")[0] not in via_redis) + "|" + " ".join(k for k in high if k.split("/")[0] in via_redis))
PY
)
[ -z "${pulled_up%%|*}" ] || { echo "[pack-consume] FAIL: a net8.0 consumer is pulled up to: ${pulled_up%%|*}" >&2; exit 1; }
say "net8.0 consumer: Exclusions.Client and .Testing keep Microsoft.Extensions.* on 8.x"
[ -z "${pulled_up#*|}" ] || say "note: on net8.0, StackExchange.Redis (via Exclusions.Client.Redis) raises: ${pulled_up#*|}"
dotnet build "$consumer/Consumer.csproj" -c Release --no-restore -nologo -v quiet -clp:"ErrorsOnly;NoSummary" \
  || { echo "[pack-consume] FAIL: the consumer does not build against the packages" >&2; exit 1; }
say "running the consumer (net10.0)"
dotnet "$consumer/bin/Release/net10.0/Consumer.dll" \
  || { echo "[pack-consume] FAIL: the consumer's checks failed (net10.0)" >&2; exit 1; }
# Without a .NET 8 runtime on this machine the net8.0 build runs on the newest one (what a user without it gets).
roll_forward=""
dotnet --list-runtimes | grep -q '^Microsoft.AspNetCore.App 8\.' || roll_forward=Major
say "running the consumer (net8.0${roll_forward:+, rolled forward to the installed runtime})"
DOTNET_ROLL_FORWARD=${roll_forward:-Minor} dotnet "$consumer/bin/Release/net8.0/Consumer.dll" \
  || { echo "[pack-consume] FAIL: the consumer's checks failed (net8.0)" >&2; exit 1; }

# ---- 4. the CLI tool, installed from ./artifacts the way the README says ----------------------------
say "packing Exclusions.Cli into ./artifacts and installing it from the repository root"
# The CLI packs as RID-specific tool packages (a pointer package, Exclusions.Cli.linux-x64 ReadyToRun and the
# portable Exclusions.Cli.any), each published for its RID: always built here, in an isolated folder (--no-build
# has no RID-specific build to pack).
dotnet pack src/Exclusions.Cli/Exclusions.Cli.csproj -c Release -o "$root/artifacts" --artifacts-path "$work/cli-build" \
  -p:Version="$version" -nologo -v quiet -clp:ErrorsOnly \
  || { echo "[pack-consume] FAIL: dotnet pack Exclusions.Cli" >&2; exit 1; }
for id in Exclusions.Cli Exclusions.Cli.linux-x64 Exclusions.Cli.any; do
  [ -f "$root/artifacts/$id.$version.nupkg" ] || { echo "[pack-consume] FAIL: $id.$version.nupkg was not produced" >&2; exit 1; }
done
(cd "$root" && dotnet tool install --tool-path "$work/tools" Exclusions.Cli --version "$version") \
  || { echo "[pack-consume] FAIL: dotnet tool install Exclusions.Cli from the repository root" >&2; exit 1; }
installed_version=$("$work/tools/exclusions" --version)
# (with --no-build the binary keeps the version it was built with; the package carries the test version)
[[ "$installed_version" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || { echo "[pack-consume] FAIL: exclusions --version says '$installed_version'" >&2; exit 1; }
"$work/tools/exclusions" check --provider all --email ceo@mail.acme.com --emulator --format csv >"$work/check.csv" \
  || { echo "[pack-consume] FAIL: the installed tool's check against the emulator" >&2; exit 1; }
grep -q '^ceo@mail.acme.com,false' "$work/check.csv" || { echo "[pack-consume] FAIL: unexpected check output: $(cat "$work/check.csv")" >&2; exit 1; }
tool_config=$(find "$work/tools/.store" -name Exclusions.Cli.runtimeconfig.json | head -n 1)
if grep -q 'Microsoft.AspNetCore.App' "$tool_config"; then
  echo "[pack-consume] FAIL: the tool requires the ASP.NET Core runtime ($tool_config)" >&2; exit 1
fi
if [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
  find "$work/tools/.store" -path '*exclusions.cli.linux-x64*' -name Exclusions.Cli.dll | grep -q . \
    || { echo "[pack-consume] FAIL: on linux-x64 the install did not pick the ReadyToRun package Exclusions.Cli.linux-x64" >&2; exit 1; }
  say "installed tool: the ReadyToRun package Exclusions.Cli.linux-x64"
fi
say "installed tool: needs only Microsoft.NETCore.App (ASP.NET Core is loaded for --emulator only)"
say "installed tool: exclusions --version = $installed_version; check against the emulator ok"

say "passed in $(($(date +%s) - started)) s"
