#!/usr/bin/env bash
# The outbox benchmark: enqueue rate (items/s, fsync'd commits) for SQLite and PostgreSQL, and drain
# throughput as a share of the vendor bound. Starts a PostgreSQL of its own (initdb into a temporary
# directory, pg_ctl on a free loopback port, stopped afterwards), as the outbox tests do. Not part of CI.
# Usage: benchmarks/outbox/run.sh [--runs N]   (default 3; prints per-run lines and a min/median/max table)
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
project=Exclusions.Client.Outbox.Benchmarks
dotnet build "$project/$project.csproj" -c Release -nologo -v quiet -clp:"ErrorsOnly;NoSummary"

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || bin=$(dirname "$(command -v initdb)")
dir=$(mktemp -d /tmp/exclusions-outbox-bench-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as=()
if [ "$(id -u)" = 0 ]; then
  user=postgres; id postgres >/dev/null 2>&1 || user=nobody
  chown "$user" "$dir"; as=(runuser -u "$user" --)
fi
stop() { "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap stop EXIT
(cd "$dir" && "${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-instructions >/dev/null)
(cd "$dir" && "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=100" start >/dev/null)

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$project/bin/Release/net10.0/$project.dll" --pg "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres" "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
