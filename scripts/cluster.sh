#!/usr/bin/env bash
# A local Gnomon cluster on 127.0.0.1 from the built binary: one PostgreSQL (embedded launcher), one gateway,
# masters and workers, each a real process with its own log and pid file under one folder.
#
#   scripts/cluster.sh up        start it (builds first when sources changed) and print the URLs and API key
#   scripts/cluster.sh status    each process alive or dead, and the node registry as the gateway shows it
#   scripts/cluster.sh down      stop everything (SIGTERM, then SIGKILL after a grace period); data and logs stay
#
# Environment: GNOMON_CLUSTER_DIR (default ./.gnomon-cluster), MASTERS (2), WORKERS (3),
# GNOMON_CLUSTER_PG_PORT (5433), GNOMON_CLUSTER_GATEWAY_PORT (5080); masters listen on 5001…, workers on 5101….
# Delete the folder after `down` to start from an empty database.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
dir="$(realpath -m "${GNOMON_CLUSTER_DIR:-.gnomon-cluster}")"
masters="${MASTERS:-2}"
workers="${WORKERS:-3}"
pg_port="${GNOMON_CLUSTER_PG_PORT:-5433}"
gateway_port="${GNOMON_CLUSTER_GATEWAY_PORT:-5080}"
binary="$root/artifacts/gnomon/gnomon"
pids="$dir/pids"
logs="$dir/logs"

die() { echo "cluster: $*" >&2; exit 1; }

number() { [[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -ge "$3" ] && [ "$2" -le "$4" ] || die "$1 must be a number from $3 to $4, not '$2'"; }

alive() { [ -f "$pids/$1.pid" ] && kill -0 "$(cat "$pids/$1.pid")" 2>/dev/null; }

# Names of the processes with a pid file, the database last so it stops after everything that uses it.
started() {
  [ -d "$pids" ] || return 0
  for f in "$pids"/*.pid; do
    [ -e "$f" ] || continue
    name="$(basename "$f" .pid)"
    [ "$name" = postgres ] || echo "$name"
  done
  [ -f "$pids/postgres.pid" ] && echo postgres
  return 0
}

# Starts "$@" detached (its own session, so a Ctrl+C in this shell does not reach it), logging to logs/$name.log.
launch() {
  local name="$1"; shift
  setsid "$@" >"$logs/$name.log" 2>&1 < /dev/null &
  echo $! >"$pids/$name.pid"
}

wait_ready() {
  local name="$1" url="$2"
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    alive "$name" || { tail -n 20 "$logs/$name.log" >&2; die "$name exited while starting (log: $logs/$name.log)"; }
    sleep 0.5
  done
  die "$name did not become ready at $url within 60 s (log: $logs/$name.log)"
}

# curl probes readiness; Debian's minimal images lack it, so it is installed like the other prerequisites.
ensure_curl() {
  command -v curl >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || die "curl is needed; install it"
  local sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "cluster: installing curl..." >&2
  ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends curl >/dev/null \
    || die "installing curl failed"
}

up() {
  number MASTERS "$masters" 1 9
  number WORKERS "$workers" 0 9
  for name in $(started); do
    alive "$name" && die "already up ($name is running); run 'scripts/cluster.sh down' first"
  done
  rm -rf "$pids"
  mkdir -p "$pids" "$logs"

  # The launcher installs what is missing and rebuilds when sources changed; 'version' then exits at once.
  "$root/gnomon" version >/dev/null
  ensure_curl

  if [ ! -s "$dir/api-key" ]; then
    (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$dir/api-key")
  fi
  local key; key="$(cat "$dir/api-key")"

  launch postgres "$binary" postgres --data-dir "$dir/postgres" --port "$pg_port"
  local connection=""
  for _ in $(seq 1 240); do
    connection="$(sed -n 's/^ConnectionStrings__Gnomon=//p' "$logs/postgres.log" | head -n 1)"
    [ -n "$connection" ] && break
    alive postgres || { tail -n 20 "$logs/postgres.log" >&2; die "PostgreSQL did not start (log: $logs/postgres.log)"; }
    sleep 0.25
  done
  [ -n "$connection" ] || die "PostgreSQL did not start within 60 s (log: $logs/postgres.log)"
  echo "$connection" >"$dir/connection-string"
  export ConnectionStrings__Gnomon="$connection"

  "$binary" migrate >"$logs/migrate.log" 2>&1 || { cat "$logs/migrate.log" >&2; die "migration failed"; }

  local gateway_args=()
  for i in $(seq 1 "$masters"); do
    launch "master-$i" "$binary" master --urls "http://127.0.0.1:$((5000 + i))" --Security:ApiKeys:0="$key"
    gateway_args+=("--Gateway:Masters:$((i - 1))=http://127.0.0.1:$((5000 + i))")
  done
  for i in $(seq 1 "$workers"); do
    launch "worker-$i" "$binary" worker --urls "http://127.0.0.1:$((5100 + i))" --queues '*'
  done
  launch gateway "$binary" gateway --urls "http://127.0.0.1:$gateway_port" --Security:ApiKeys:0="$key" "${gateway_args[@]}"

  for i in $(seq 1 "$masters"); do wait_ready "master-$i" "http://127.0.0.1:$((5000 + i))/health/ready"; done
  for i in $(seq 1 "$workers"); do wait_ready "worker-$i" "http://127.0.0.1:$((5100 + i))/health/ready"; done
  wait_ready gateway "http://127.0.0.1:$gateway_port/health/ready"

  cat <<EOF

Gnomon cluster is up ($masters masters, $workers workers), everything under $dir
  gateway         http://127.0.0.1:$gateway_port   (API reference: http://127.0.0.1:$gateway_port/docs/v1)
  masters         $(for i in $(seq 1 "$masters"); do printf 'http://127.0.0.1:%s ' "$((5000 + i))"; done)
  workers         $(for i in $(seq 1 "$workers"); do printf 'http://127.0.0.1:%s ' "$((5100 + i))"; done)(health and metrics)
  database        $connection
  API key         $key   (also in $dir/api-key)
  logs            $logs

Try:
  curl -s -H "Authorization: Bearer \$(cat $dir/api-key)" http://127.0.0.1:$gateway_port/api/v1/nodes

Stop with: scripts/cluster.sh down
EOF
}

# One line per node of GET /api/v1/nodes.
read -r -d '' summary <<'PY' || true
import json, sys
for n in json.load(sys.stdin)["items"]:
    roles = n["roles"]
    extra = ""
    if "scheduler" in roles:
        extra = "%d partitions" % len(n.get("partitions") or [])
    if "worker" in roles:
        extra = "queues %s, running %s/%s" % (",".join(n.get("queues") or []), n.get("running"), n.get("concurrency"))
    print("  %-5s  %-22s pid %-7s %s" % (n["status"], "+".join(roles), n["pid"], extra))
PY

status() {
  local any=0
  for name in $(started); do
    any=1
    if alive "$name"; then echo "$name: alive (pid $(cat "$pids/$name.pid"))"; else echo "$name: dead"; fi
  done
  [ "$any" = 1 ] || { echo "no cluster under $dir (run 'scripts/cluster.sh up')"; return 0; }
  if alive gateway && [ -s "$dir/api-key" ] && command -v curl >/dev/null 2>&1; then
    echo
    local nodes
    nodes="$(curl -fsS -H "Authorization: Bearer $(cat "$dir/api-key")" "http://127.0.0.1:$gateway_port/api/v1/nodes")" \
      || { echo "(the gateway did not answer)"; return 0; }
    if command -v python3 >/dev/null 2>&1; then python3 -c "$summary" <<<"$nodes"; else echo "$nodes"; fi
  fi
}

down() {
  local names; names="$(started)"
  [ -n "$names" ] || { echo "nothing to stop under $dir"; return 0; }
  # Everything but the database first, all at once; the database when they are gone.
  for phase in nodes postgres; do
    local group=()
    for name in $names; do
      if { [ "$phase" = postgres ] && [ "$name" = postgres ]; } || { [ "$phase" = nodes ] && [ "$name" != postgres ]; }; then
        group+=("$name")
      fi
    done
    for name in "${group[@]}"; do alive "$name" && kill -TERM "$(cat "$pids/$name.pid")" 2>/dev/null || true; done
    for _ in $(seq 1 60); do
      local running=0
      for name in "${group[@]}"; do alive "$name" && running=1; done
      [ "$running" = 0 ] && break
      sleep 0.5
    done
    for name in "${group[@]}"; do
      if alive "$name"; then
        echo "cluster: $name did not stop within 30 s; killing it" >&2
        kill -KILL "$(cat "$pids/$name.pid")" 2>/dev/null || true
      fi
      rm -f "$pids/$name.pid"
    done
  done
  echo "Gnomon cluster under $dir stopped (data and logs kept)."
}

case "${1:-}" in
  up) up ;;
  status) status ;;
  down) down ;;
  *) echo "usage: scripts/cluster.sh up|status|down   (see the top of this script for settings)" >&2; exit 2 ;;
esac
