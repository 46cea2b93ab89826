#!/usr/bin/env bash
# A local Gnomon cluster on 127.0.0.1 from the built binary: PostgreSQL (one embedded server, or with --ha a
# pg_auto_failover formation: a monitor, a primary and a synchronous standby), one gateway, masters and workers,
# each a real process with its own log and pid file under one folder.
#
#   scripts/cluster.sh up [--ha]    start it (builds first when sources changed) and print the URLs and API key
#   scripts/cluster.sh status       each process alive or dead, which database node is primary, the node registry
#   scripts/cluster.sh down         stop everything it started (SIGTERM, then SIGKILL after a grace period); data and logs stay
#   scripts/cluster.sh kill-primary (--ha) SIGKILL the primary's keeper and PostgreSQL, to watch the standby take over
#   scripts/cluster.sh switchover   (--ha) a planned switchover (pg_autoctl perform switchover)
#   scripts/cluster.sh rejoin       (--ha) start again the database nodes that are not running; they rejoin as standbys
#   scripts/cluster.sh db-restart [SECONDS]  (single server) stop PostgreSQL, wait (default 10 s), start it again
#
# Environment: GNOMON_CLUSTER_DIR (default ./.gnomon-cluster), MASTERS (2), WORKERS (3),
# GNOMON_CLUSTER_PG_PORT (5433: the single server, or the first data node; with --ha the second is on the next port),
# GNOMON_CLUSTER_MONITOR_PORT (--ha: the monitor, default GNOMON_CLUSTER_PG_PORT + 2), GNOMON_CLUSTER_GATEWAY_PORT (5080);
# masters listen on 5001…, workers on 5101…. Delete the folder after `down` to start from an empty database.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
dir="$(realpath -m "${GNOMON_CLUSTER_DIR:-.gnomon-cluster}")"
masters="${MASTERS:-2}"
workers="${WORKERS:-3}"
pg_port="${GNOMON_CLUSTER_PG_PORT:-5433}"
monitor_port="${GNOMON_CLUSTER_MONITOR_PORT:-$((pg_port + 2))}"
gateway_port="${GNOMON_CLUSTER_GATEWAY_PORT:-5080}"
binary="$root/artifacts/gnomon/gnomon"
pids="$dir/pids"
logs="$dir/logs"
ha_dir="$dir/ha"
ha_nodes=(node1 node2)

die() { echo "cluster: $*" >&2; exit 1; }

number() { [[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -ge "$3" ] && [ "$2" -le "$4" ] || die "$1 must be a number from $3 to $4, not '$2'"; }

alive() { [ -f "$pids/$1.pid" ] && kill -0 "$(cat "$pids/$1.pid")" 2>/dev/null; }

is_ha() { [ -f "$dir/mode" ] && [ "$(cat "$dir/mode")" = ha ]; }

# Names of the processes with a pid file, in the order they stop: Gnomon's nodes, then the database's processes.
started() {
  [ -d "$pids" ] || return 0
  local f name
  for f in "$pids"/*.pid; do
    [ -e "$f" ] || continue
    name="$(basename "$f" .pid)"
    case "$name" in postgres | postmaster | pg-*) ;; *) echo "$name" ;; esac
  done
  for name in postgres postmaster pg-node1 pg-node2 pg-monitor; do
    [ -f "$pids/$name.pid" ] && echo "$name"
  done
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

# --- pg_auto_failover (--ha) ------------------------------------------------------------------------------------

# The bin directory of the PostgreSQL version pg_auto_failover's extension is installed for.
pg_bin() {
  local lib
  lib="$(compgen -G '/usr/lib/postgresql/*/lib/pgautofailover.so' | sort -V | tail -n 1)"
  [ -n "$lib" ] || die "pg_auto_failover is not installed (scripts/ensure-prerequisites.sh --ha installs it)"
  echo "$(dirname "$(dirname "$lib")")/bin"
}

# The command prefix (in PG) that runs pg_autoctl or psql as the postgres user when root, with pg_autoctl's
# configuration, state and pid files inside the cluster folder.
pg_prefix() {
  local env=(env "PATH=$(pg_bin):/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    "XDG_CONFIG_HOME=$ha_dir/config" "XDG_DATA_HOME=$ha_dir/share" "XDG_RUNTIME_DIR=$ha_dir/run" "PGCONNECT_TIMEOUT=3")
  if [ "$(id -u)" -eq 0 ]; then PG=(runuser -u postgres -- "${env[@]}"); else PG=("${env[@]}"); fi
}

as_pg() { pg_prefix; "${PG[@]}" "$@"; }

node_port() { if [ "$1" = node1 ]; then echo "$pg_port"; else echo "$((pg_port + 1))"; fi; }

sql() { as_pg psql -X -q -A -t -h 127.0.0.1 -p "$1" -U postgres -d "$2" -c "$3"; }

# The monitor's view, one line per node: name, reported state, assigned state.
formation_states() {
  sql "$monitor_port" pg_auto_failover "select nodename || ' ' || reportedstate || ' ' || goalstate from pgautofailover.node order by nodeid" 2>/dev/null
}

primary_node() { formation_states | awk '($2 == "primary" || $2 == "wait_primary") && $2 == $3 { print $1 }'; }

wait_for() {
  local what="$1" seconds="$2"; shift 2
  for _ in $(seq 1 $((seconds * 2))); do
    "$@" && return 0
    sleep 0.5
  done
  die "$what did not happen within $seconds s (logs: $logs/pg-*.log)"
}

answers() { sql "$1" "$2" "select 1" >/dev/null 2>&1; }

in_sync() { [ "$(formation_states | awk '$2 == $3 && ($2 == "primary" || $2 == "secondary")' | wc -l)" -eq 2 ]; }

# A joining standby (pg_basebackup) or a rejoining old primary (pg_rewind, which needs the promoted server's first
# checkpoint) waits for a checkpoint of the primary, spread over minutes on an idle server: ask for one at once.
nudged_in_sync() {
  local primary; primary="$(primary_node || true)"
  if [ -n "$primary" ]; then sql "$(node_port "$primary")" gnomon "checkpoint" >/dev/null 2>&1 || true; fi
  in_sync
}

# Health checks every second; a node unhealthy after 4 s; a promoted standby takes writes after 6 s, longer than the
# 4 s after which a primary that lost the monitor and its standby demotes itself (network_partition_timeout), so two
# primaries never take writes at once. Failover on one machine: about 10 s from the kill to every node ready.
monitor_settings=(health_check_period=1000 health_check_timeout=1000 health_check_max_retries=1 health_check_retry_delay=500
  node_considered_unhealthy_timeout=4000 primary_demote_timeout=6000)

up_formation() {
  # XDG_RUNTIME_DIR must exist, private to its user, or pg_autoctl puts its pid files under /tmp instead.
  mkdir -p "$ha_dir/run"
  chmod 700 "$ha_dir/run"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$ha_dir" "$ha_dir/run"; fi
  local monitor_uri="postgres://autoctl_node@127.0.0.1:$monitor_port/pg_auto_failover?sslmode=disable" setting name
  if [ ! -d "$ha_dir/monitor" ]; then
    as_pg pg_autoctl create monitor --pgdata "$ha_dir/monitor" --pgport "$monitor_port" --hostname 127.0.0.1 --auth trust --no-ssl \
      --pgctl "$(pg_bin)/pg_ctl" >"$logs/pg-monitor-create.log" 2>&1 || { cat "$logs/pg-monitor-create.log" >&2; die "creating the monitor failed"; }
  fi
  pg_prefix
  launch pg-monitor "${PG[@]}" pg_autoctl run --pgdata "$ha_dir/monitor"
  wait_for "the monitor to answer on 127.0.0.1:$monitor_port" 60 answers "$monitor_port" pg_auto_failover
  for setting in "${monitor_settings[@]}"; do
    sql "$monitor_port" pg_auto_failover "alter system set pgautofailover.${setting%%=*} = ${setting#*=}" >/dev/null
  done
  sql "$monitor_port" pg_auto_failover "select pg_reload_conf()" >/dev/null

  for name in "${ha_nodes[@]}"; do
    if [ ! -d "$ha_dir/$name" ]; then
      as_pg pg_autoctl create postgres --pgdata "$ha_dir/$name" --pgport "$(node_port "$name")" --hostname 127.0.0.1 --listen 127.0.0.1 \
        --name "$name" --monitor "$monitor_uri" --auth trust --no-ssl --dbname gnomon --pgctl "$(pg_bin)/pg_ctl" \
        >"$logs/pg-$name-create.log" 2>&1 || { cat "$logs/pg-$name-create.log" >&2; die "creating $name failed"; }
      as_pg pg_autoctl config set --pgdata "$ha_dir/$name" timeout.network_partition_timeout 4 >/dev/null
    fi
    start_node "$name"
    if [ "$name" = node1 ]; then wait_for "node1 to answer on 127.0.0.1:$pg_port" 60 answers "$pg_port" gnomon; fi
  done
  wait_for "the formation to have a primary and an in-sync standby" 180 nudged_in_sync
}

start_node() {
  pg_prefix
  launch "pg-$1" "${PG[@]}" pg_autoctl run --pgdata "$ha_dir/$1"
}

# The URI pg_autoctl prints for the formation, with the user Gnomon connects as (its hosts trust loopback).
formation_uri() {
  as_pg pg_autoctl show uri --pgdata "$ha_dir/monitor" --formation default | sed 's#^postgres://#postgres://postgres@#'
}

# SIGKILL of a data node's keeper, its services and its PostgreSQL: as if its host died. launch started the keeper in a
# session of its own, so its process group is the launcher's pid; the postmaster is named too, in case it left the group.
kill_node() {
  local name="$1" postmaster=""
  if [ -f "$ha_dir/$name/postmaster.pid" ]; then postmaster="$(head -n 1 "$ha_dir/$name/postmaster.pid")"; fi
  if [ -f "$pids/pg-$name.pid" ]; then kill -KILL -- "-$(cat "$pids/pg-$name.pid")" 2>/dev/null || true; fi
  if [ -n "$postmaster" ]; then kill -KILL "$postmaster" 2>/dev/null || true; fi
  rm -f "$pids/pg-$name.pid"
  return 0
}

# --- the single embedded server ---------------------------------------------------------------------------------

# Starts the embedded PostgreSQL through the launcher and prints its connection string.
start_postgres() {
  : >"$logs/postgres.log"
  launch postgres "$binary" postgres --data-dir "$dir/postgres" --port "$pg_port"
  local connection=""
  for _ in $(seq 1 240); do
    connection="$(sed -n 's/^ConnectionStrings__Gnomon=//p' "$logs/postgres.log" | head -n 1)"
    [ -n "$connection" ] && break
    alive postgres || { tail -n 20 "$logs/postgres.log" >&2; die "PostgreSQL did not start (log: $logs/postgres.log)"; }
    sleep 0.25
  done
  [ -n "$connection" ] || die "PostgreSQL did not start within 60 s (log: $logs/postgres.log)"
  # The launcher is not the database: a SIGKILL of it leaves the server running, so its postmaster is recorded too.
  head -n 1 "$dir/postgres/pg/postmaster.pid" >"$pids/postmaster.pid"
  echo "$connection"
}

# --- the commands -----------------------------------------------------------------------------------------------------

up() {
  local mode=single
  case "${1:-}" in
    "") ;;
    --ha) mode=ha ;;
    *) die "unknown option '$1' for up (the only one is --ha)" ;;
  esac
  number MASTERS "$masters" 1 9
  number WORKERS "$workers" 0 9
  local name
  for name in $(started); do
    if alive "$name"; then die "already up ($name is running); run 'scripts/cluster.sh down' first"; fi
  done
  if [ -f "$dir/mode" ] && [ "$(cat "$dir/mode")" != "$mode" ]; then
    die "$dir holds a $(cat "$dir/mode") cluster's data; use 'up$( [ "$(cat "$dir/mode")" = ha ] && echo ' --ha')' or another GNOMON_CLUSTER_DIR"
  fi
  rm -rf "$pids"
  mkdir -p "$pids" "$logs"
  echo "$mode" >"$dir/mode"

  # The launcher installs what is missing and rebuilds when sources changed; 'version' then exits at once.
  "$root/gnomon" version >/dev/null
  if [ "$mode" = ha ]; then bash "$root/scripts/ensure-prerequisites.sh" --ha; fi
  ensure_curl

  if [ ! -s "$dir/api-key" ]; then
    (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$dir/api-key")
  fi
  local key; key="$(cat "$dir/api-key")"

  local connection=""
  if [ "$mode" = ha ]; then
    up_formation
    connection="$(formation_uri)"
  else
    connection="$(start_postgres)"
  fi
  echo "$connection" >"$dir/connection-string"
  export ConnectionStrings__Gnomon="$connection"

  "$binary" migrate >"$logs/migrate.log" 2>&1 || { cat "$logs/migrate.log" >&2; die "migration failed"; }

  local gateway_args=()
  for i in $(seq 1 "$masters"); do
    launch "master-$i" "$binary" master --urls "http://127.0.0.1:$((5000 + i))" --Security:ApiKeys:0="$key"
    gateway_args+=("--Gateway:Masters:$((i - 1))=http://127.0.0.1:$((5000 + i))")
  done
  for i in $(seq 1 "$workers"); do
    # A sandbox on this machine, as 'gnomon dev' is: jobs may call 127.0.0.1 and private addresses.
    launch "worker-$i" "$binary" worker --urls "http://127.0.0.1:$((5100 + i))" --queues '*' --Executors:Http:AllowPrivateNetworks=true
  done
  launch gateway "$binary" gateway --urls "http://127.0.0.1:$gateway_port" --Security:ApiKeys:0="$key" "${gateway_args[@]}"

  for i in $(seq 1 "$masters"); do wait_ready "master-$i" "http://127.0.0.1:$((5000 + i))/health/ready"; done
  for i in $(seq 1 "$workers"); do wait_ready "worker-$i" "http://127.0.0.1:$((5100 + i))/health/ready"; done
  wait_ready gateway "http://127.0.0.1:$gateway_port/health/ready"

  local database data try
  if [ "$mode" = ha ]; then
    database="pg_auto_failover formation: monitor 127.0.0.1:$monitor_port, node1 127.0.0.1:$pg_port, node2 127.0.0.1:$((pg_port + 1)) (primary: $(primary_node))"
    data="$ha_dir/{monitor,node1,node2} (PostgreSQL data; server logs in each one's log/), pg_autoctl logs in $logs/pg-*.log"
    try="  scripts/cluster.sh kill-primary    # watch the standby take over (about 10 s), then: scripts/cluster.sh rejoin
  scripts/cluster.sh switchover      # a planned switchover"
  else
    database="embedded PostgreSQL on 127.0.0.1:$pg_port"
    data="$dir/postgres/pg (PostgreSQL data), its log $dir/postgres/postgres.log"
    try="  scripts/cluster.sh db-restart 10   # PostgreSQL away for 10 s: the nodes report not ready, then carry on"
  fi

  cat <<EOF

Gnomon cluster is up ($masters masters, $workers workers), everything under $dir
  gateway         http://127.0.0.1:$gateway_port   (API reference: http://127.0.0.1:$gateway_port/docs/v1)
  dashboard       http://127.0.0.1:$gateway_port/dashboard   (asks for the API key below)
  masters         $(for i in $(seq 1 "$masters"); do printf 'http://127.0.0.1:%s ' "$((5000 + i))"; done)
  workers         $(for i in $(seq 1 "$workers"); do printf 'http://127.0.0.1:%s ' "$((5100 + i))"; done)(health and metrics)
  database        $database
  connection      $connection
  data            $data
  API key         $key   (also in $dir/api-key)
  logs            $logs

NOTE: the workers run with Executors:Http:AllowPrivateNetworks=true, as 'gnomon dev' does, so jobs may call
      127.0.0.1 and private addresses (the README's first job works). Never start workers like that on real hosts.

Try:
  curl -s -H "Authorization: Bearer \$(cat $dir/api-key)" http://127.0.0.1:$gateway_port/api/v1/nodes
$try

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
    db = n.get("database")
    where = "db %s:%s%s" % (db["host"], db["port"], "" if db["primary"] else " (standby!)") if db else "db -"
    print("  %-5s  %-22s pid %-7s %-22s %s" % (n["status"], "+".join(roles), n["pid"], where, extra))
PY

status() {
  local any=0 name
  for name in $(started); do
    any=1
    if alive "$name"; then echo "$name: alive (pid $(cat "$pids/$name.pid"))"; else echo "$name: dead"; fi
  done
  [ "$any" = 1 ] || { echo "no cluster under $dir (run 'scripts/cluster.sh up')"; return 0; }
  if is_ha; then
    echo
    local states
    if states="$(formation_states)" && [ -n "$states" ]; then
      echo "database formation (monitor 127.0.0.1:$monitor_port):"
      while read -r node reported assigned; do
        echo "  $node 127.0.0.1:$(node_port "$node")  $reported$( [ "$reported" = "$assigned" ] || echo " -> $assigned")"
      done <<<"$states"
      echo "  primary: $(primary_node || true)"
    else
      echo "database formation: the monitor (127.0.0.1:$monitor_port) does not answer"
    fi
  fi
  if alive gateway && [ -s "$dir/api-key" ] && command -v curl >/dev/null 2>&1; then
    echo
    local nodes
    nodes="$(curl -fsS -H "Authorization: Bearer $(cat "$dir/api-key")" "http://127.0.0.1:$gateway_port/api/v1/nodes")" \
      || { echo "(the gateway did not answer)"; return 0; }
    if command -v python3 >/dev/null 2>&1; then python3 -c "$summary" <<<"$nodes"; else echo "$nodes"; fi
  fi
}

# Stops a group of processes: SIGTERM (SIGINT for a postmaster: a fast shutdown), then SIGKILL after 30 s.
stop_group() {
  local name signal
  for name in "$@"; do
    signal=TERM
    if [ "$name" = postmaster ]; then signal=INT; fi
    if alive "$name"; then kill "-$signal" "$(cat "$pids/$name.pid")" 2>/dev/null || true; fi
  done
  for _ in $(seq 1 60); do
    local running=0
    for name in "$@"; do if alive "$name"; then running=1; fi; done
    [ "$running" = 0 ] && break
    sleep 0.5
  done
  for name in "$@"; do
    if alive "$name"; then
      echo "cluster: $name did not stop within 30 s; killing it" >&2
      kill -KILL "$(cat "$pids/$name.pid")" 2>/dev/null || true
    fi
    rm -f "$pids/$name.pid"
  done
}

down() {
  local names; names="$(started)"
  [ -n "$names" ] || { echo "nothing to stop under $dir"; return 0; }
  local nodes=() name
  for name in $names; do
    case "$name" in postgres | postmaster | pg-*) ;; *) nodes+=("$name") ;; esac
  done
  if [ "${#nodes[@]}" -gt 0 ]; then stop_group "${nodes[@]}"; fi
  if is_ha; then
    # pg_autoctl stop shuts a keeper and its PostgreSQL down cleanly; the standby first, so the primary is not left waiting.
    for name in node2 node1 monitor; do
      [ -f "$pids/pg-$name.pid" ] || continue
      as_pg pg_autoctl stop --pgdata "$ha_dir/$name" >/dev/null 2>&1 || true
      stop_group "pg-$name"
    done
  else
    # The launcher stops its PostgreSQL; if the launcher was killed, the postmaster is stopped by itself.
    if [ -f "$pids/postgres.pid" ]; then stop_group postgres; fi
    if [ -f "$pids/postmaster.pid" ]; then stop_group postmaster; fi
  fi
  echo "Gnomon cluster under $dir stopped (data and logs kept)."
}

require_ha() { is_ha || die "$1 needs a cluster started with 'scripts/cluster.sh up --ha'"; }

kill_primary() {
  require_ha kill-primary
  local primary; primary="$(primary_node)"
  [ -n "$primary" ] || die "the monitor names no primary now (scripts/cluster.sh status)"
  kill_node "$primary"
  echo "Killed $primary (its keeper and PostgreSQL, SIGKILL). Watch: scripts/cluster.sh status; bring it back as a standby: scripts/cluster.sh rejoin"
}

switchover() {
  require_ha switchover
  as_pg pg_autoctl perform switchover --pgdata "$ha_dir/monitor"
  echo "primary now: $(primary_node)"
}

rejoin() {
  require_ha rejoin
  local name any=0
  for name in "${ha_nodes[@]}"; do
    alive "pg-$name" && continue
    any=1
    start_node "$name"
    echo "started $name; waiting for it to rejoin as the standby ..."
  done
  if [ "$any" = 1 ]; then
    wait_for "the formation to have a primary and an in-sync standby again" 180 nudged_in_sync
    echo "rejoined; primary: $(primary_node)"
  else
    echo "every database node is running"
  fi
}

db_restart() {
  is_ha && die "db-restart is for the single server; with --ha use kill-primary (a failover) or switchover"
  local seconds="${1:-10}"
  number SECONDS "$seconds" 0 3600
  alive postgres || alive postmaster || die "the cluster's PostgreSQL is not running (scripts/cluster.sh status)"
  if [ -f "$pids/postgres.pid" ]; then stop_group postgres; fi
  if [ -f "$pids/postmaster.pid" ]; then stop_group postmaster; fi
  echo "PostgreSQL stopped; starting it again in $seconds s (watch: curl -s http://127.0.0.1:5001/health/ready)"
  sleep "$seconds"
  start_postgres >/dev/null
  echo "PostgreSQL is back on 127.0.0.1:$pg_port; the nodes reconnect by themselves"
}

# up and db-restart take one argument, the others none: anything more is refused, not ignored.
case "${1:-}" in
  up | db-restart) [ "$#" -le 2 ] || die "too many arguments for $1: ${*:3}" ;;
  *) [ "$#" -le 1 ] || die "${1} takes no arguments (given: ${*:2})" ;;
esac

case "${1:-}" in
  up) up "${2:-}" ;;
  status) status ;;
  down) down ;;
  kill-primary) kill_primary ;;
  switchover) switchover ;;
  rejoin) rejoin ;;
  db-restart) db_restart "${2:-}" ;;
  *) echo "usage: scripts/cluster.sh up [--ha]|status|down|kill-primary|switchover|rejoin|db-restart [SECONDS]   (see the top of this script for settings)" >&2; exit 2 ;;
esac
