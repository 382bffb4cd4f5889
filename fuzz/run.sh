#!/usr/bin/env bash
# The long fuzz campaign: runs one target (or all) of the CsCheck fuzz harness (tests/Shared/FuzzCampaign.cs)
# for N minutes each, single-threaded, at the lowest priority.
#
#   fuzz/run.sh TARGET MINUTES        TARGET: normalize | topo-json | amplemarket-json | csv | all
#   fuzz/run.sh all 10                all four targets, 10 minutes each (40 minutes in all)
#
# The same test methods run in every `dotnet test` as a short fixed-seed run (a few seconds each); here
# FUZZ_SECONDS makes them cycle through the fixed seed list (seed + k·2³² for round k) until the time is up.
# Every input that makes a target throw is written, escaped to one line, to tests/fuzz-crashes/TARGET/
# (override with FUZZ_CRASH_DIR); those files are replayed by the tests (Kept_crash_inputs_do_not_crash), so a
# crash is a failing regression test until it is fixed. One line per run (target, seconds, inputs tried,
# crashes) is appended to artifacts/fuzz/report.tsv (override with FUZZ_REPORT). Exit status: 1 if any
# target crashed. Options (environment): NO_BUILD=1 skips the Release build.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

usage() { echo "usage: fuzz/run.sh normalize|topo-json|amplemarket-json|csv|all MINUTES" >&2; exit 2; }
[ $# -eq 2 ] || usage
target=$1 minutes=$2
[[ "$minutes" =~ ^[0-9]+$ ]] && [ "$minutes" -gt 0 ] || usage

project_of() {
  case "$1" in
    normalize|topo-json|amplemarket-json) echo tests/Exclusions.Client.Tests ;;
    csv) echo tests/Exclusions.Cli.Tests ;;
    *) return 1 ;;
  esac
}
test_of() {
  case "$1" in
    normalize) echo Exclusions.Client.Tests.Fuzz.FuzzTargets.Fuzz_normalize ;;
    topo-json) echo Exclusions.Client.Tests.Fuzz.FuzzTargets.Fuzz_topo_json ;;
    amplemarket-json) echo Exclusions.Client.Tests.Fuzz.FuzzTargets.Fuzz_amplemarket_json ;;
    csv) echo Exclusions.Cli.Tests.Fuzz.CsvFuzzTarget.Fuzz_csv ;;
  esac
}

if [ "$target" = all ]; then
  targets=(normalize topo-json amplemarket-json csv)
else
  project_of "$target" >/dev/null || usage
  targets=("$target")
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export FUZZ_SECONDS=$((minutes * 60))
export FUZZ_CRASH_DIR=${FUZZ_CRASH_DIR:-$root/tests/fuzz-crashes}
export FUZZ_REPORT=${FUZZ_REPORT:-$root/artifacts/fuzz/report.tsv}
mkdir -p "$(dirname "$FUZZ_REPORT")"
# One thread: the targets are sequential anyway; keep the GC from taking every core.
export DOTNET_gcServer=0 DOTNET_GCHeapCount=1

if [ "${NO_BUILD:-0}" != 1 ]; then
  for t in "${targets[@]}"; do project_of "$t"; done | sort -u | while read -r project; do
    nice -n 19 dotnet build "$project" -c Release >/dev/null || { echo "build of $project failed" >&2; exit 1; }
  done || exit 1
fi

status=0
for t in "${targets[@]}"; do
  echo "==> fuzz $t for $minutes min ($(date -u +%H:%M:%S) UTC)"
  nice -n 19 dotnet test "$(project_of "$t")" -c Release --no-build \
    --filter "FullyQualifiedName=$(test_of "$t")" --logger "console;verbosity=minimal" || status=1
  tail -n 1 "$FUZZ_REPORT"
done
echo "report: $FUZZ_REPORT; crash inputs: $FUZZ_CRASH_DIR"
exit $status
