#!/usr/bin/env bash
# Runs every benchmark (BenchmarkDotNet, short job) and the custom measurements (peak memory while
# streaming, rate-limited bulk), then writes results/summary.md: each ratio against its target, with
# the machine. About 10 minutes on 2 cores. Not part of CI (CI only builds the project).
# Usage: benchmarks/run.sh [--only <BenchmarkClass>]
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build Exclusions.Client.Benchmarks/Exclusions.Client.Benchmarks.csproj -c Release -nologo -v quiet -clp:"ErrorsOnly;NoSummary"
mkdir -p results
dotnet Exclusions.Client.Benchmarks/bin/Release/net10.0/Exclusions.Client.Benchmarks.dll --summary results/summary.md "$@"

# Keep BenchmarkDotNet's own tables (with error bars) next to the summary.
rm -rf results/bdn && mkdir -p results/bdn
cp results/BenchmarkDotNet.Artifacts/results/*-report-github.md results/bdn/ 2>/dev/null || true
echo "Summary: $(pwd)/results/summary.md"
