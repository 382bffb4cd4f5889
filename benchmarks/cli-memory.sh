#!/usr/bin/env bash
# Issue 17 item 5: wall time and whole-process peak RSS of the Release CLI for
#   check --provider all --file <1,000,000 rows>   (table, csv, json)
#   list --provider amplemarket|topo               (100,000 exclusions; table, csv, json)
# against the STANDALONE emulator (src/Exclusions.Client.Emulator) in its own process, so the figures are
# the CLI's own memory (a user's real run has no emulator in it). The emulator is seeded with 100,000
# addresses, which go to both vendors: the check's snapshot holds 200,000 entries.
# Each command runs RUNS times (default 3) under /usr/bin/time; stdout goes to /dev/null.
# Usage: benchmarks/cli-memory.sh [RUNS] [WORKDIR]     (build the solution in Release first)
# Prints one line per run: command, format, exit code, wall s, user s, sys s, max RSS KiB.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
WORK=${2:-/tmp/exclusions-cli-memory}
PORT=${PORT:-5099}
mkdir -p "$WORK"
CLI=src/Exclusions.Cli/bin/Release/net10.0/Exclusions.Cli.dll
EMU=src/Exclusions.Client.Emulator/bin/Release/net10.0/Exclusions.Client.Emulator.dll
[ -f "$CLI" ] && [ -f "$EMU" ] || { echo "build the solution in Release first" >&2; exit 2; }

# Data: seed of 100,000 addresses; check file of 1,000,000 rows (email,name), every tenth one seeded.
if [ ! -f "$WORK/seed.csv" ] || [ ! -f "$WORK/check-1m.csv" ]; then
  awk 'BEGIN { print "type,value"; for (i = 0; i < 100000; i++) printf "email,user%d@excluded%d.example.com\n", i, i % 997 }' > "$WORK/seed.csv"
  awk 'BEGIN { print "email,name"; for (i = 0; i < 1000000; i++) {
      if (i % 10 == 0) printf "user%d@excluded%d.example.com,Seeded %d\n", (i / 10) % 100000, ((i / 10) % 100000) % 997, i;
      else printf "prospect%d@company%d.example.org,Prospect %d\n", i, i % 5003, i } }' > "$WORK/check-1m.csv"
fi

dotnet "$EMU" --port "$PORT" --seed "$WORK/seed.csv" --rate-limit 1000000 --quiet \
  --topo-key topo_bench_key --amplemarket-key amplemarket_bench_key > "$WORK/emulator.log" 2>&1 &
EMU_PID=$!
trap 'kill $EMU_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q "running" "$WORK/emulator.log" && break; sleep 1; done
grep -q "running" "$WORK/emulator.log" || { cat "$WORK/emulator.log" >&2; exit 1; }

export TOPO_API_KEY=topo_bench_key AMPLEMARKET_API_KEY=amplemarket_bench_key
export TOPO_BASE_URL=http://127.0.0.1:$PORT/v1/ AMPLEMARKET_BASE_URL=http://127.0.0.1:$PORT/
# Budgets as a user has them: Topo none (the default), Amplemarket 5,000 a minute (10x the documented 500, so that
# back-to-back runs of 50 requests each never wait). Not 1,000,000: the per-process limiter keeps one slot per
# permitted request (8 MB at 1,000,000) and the shared budget file holds every request of the last minute.
unset TOPO_RATE_LIMIT
export AMPLEMARKET_RATE_LIMIT=5000

measure() { # label, format, CLI arguments...
  local label=$1 format=$2; shift 2
  dotnet "$CLI" "$@" --format "$format" --quiet > /dev/null 2>&1 || true # warm-up (page cache, emulator JIT)
  for _ in $(seq 1 "$RUNS"); do
    /usr/bin/time -f "$label $format exit=%x wall=%e user=%U sys=%S maxrss_kib=%M" -o "$WORK/time.txt" \
      dotnet "$CLI" "$@" --format "$format" --quiet > /dev/null 2>> "$WORK/stderr.txt" || true
    cat "$WORK/time.txt" | tee -a "$WORK/runs.txt"
  done
}
: > "$WORK/runs.txt"

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for format in table csv json; do
  measure check-1m "$format" check --provider all --file "$WORK/check-1m.csv"
done
for provider in amplemarket topo; do
  for format in table csv json; do
    measure "list-100k-$provider" "$format" list --provider "$provider"
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# Median (min-max) per command and format: peak RSS in MiB, wall seconds.
awk '{ key = $1 " " $2; split($7, r, "="); split($4, w, "="); rss[key] = rss[key] " " r[2] / 1024; wall[key] = wall[key] " " w[2] }
  END { for (k in rss) { print k, "peak_MiB", stats(rss[k]), "wall_s", stats(wall[k]) } }
  function stats(list,   v, n, i, j, t) { n = split(list, v, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return sprintf("%.1f (%.1f-%.1f)", (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2), v[1], v[n]) }' "$WORK/runs.txt" | sort
