#!/usr/bin/env bash
# The Redis-shared rate limit, measured: for 1, 2 and 4 processes with one API key against a loopback
# emulator that enforces a scaled-down sliding window (40 requests per 2 s), with and without Redis —
# the 429s and the throughput as a fraction of the bound — then the latency the shared limiter adds per
# request on loopback. Prints markdown. Starts (and stops) its own redis-server on a free port.
#   bash benchmarks/redis-quota.sh [report options, e.g. --processes 1,2,4 --items 200 --client-window-ms 2100]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

command -v redis-server >/dev/null || { echo "redis-server is required (apt-get install -y redis-server)" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null || true' EXIT
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done

project=tests/Exclusions.Client.Redis.LoadClient
dotnet build "$project" -c Release -v quiet -nologo >/dev/null
dotnet "$project/bin/Release/net10.0/Exclusions.Client.Redis.LoadClient.dll" report --redis "127.0.0.1:$port" "$@"
