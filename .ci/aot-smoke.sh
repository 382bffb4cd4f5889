#!/usr/bin/env bash
# Native AOT proof for Exclusions.Client (IsAotCompatible): publish benchmarks/AotSmoke as a native
# binary, fail on any trim/AOT warning (ILxxxx), then run it with options set in code and with options
# bound from IConfiguration. Loopback only (the smoke app serves its own fake vendor).
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
log="$out/publish.log"
dotnet publish benchmarks/AotSmoke -c Release -r linux-x64 -o "$out/bin" -nologo >"$log" 2>&1 \
  || { tail -40 "$log"; echo "[aot-smoke] FAIL: publish" >&2; exit 1; }
if grep -E "warning IL[0-9]+" "$log" | sort -u | grep .; then
  echo "[aot-smoke] FAIL: trim/AOT warnings above" >&2
  exit 1
fi
"$out/bin/AotSmoke" || { echo "[aot-smoke] FAIL: options in code" >&2; exit 1; }
"$out/bin/AotSmoke" --config || { echo "[aot-smoke] FAIL: options from IConfiguration" >&2; exit 1; }
echo "[aot-smoke] passed: native binary, zero trim/AOT warnings, both configuration paths"
