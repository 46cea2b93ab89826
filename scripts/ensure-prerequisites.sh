#!/usr/bin/env bash
# Makes sure this machine can build and run Gnomon: PostgreSQL server binaries (for the embedded, private
# instances) and the .NET 10 SDK; with --ha also pg_auto_failover (Debian's pg-auto-failover-cli and
# postgresql-<version>-auto-failover), for `scripts/cluster.sh up --ha` and the failover tests; with --browser also
# Debian's Chromium, which the dashboard's browser tests drive through Playwright (no browser download).
# Idempotent and silent when everything is already there.
set -euo pipefail

die() { echo "ensure-prerequisites: $*" >&2; exit 1; }

ha=0
browser=0
for arg in "$@"; do
  case "$arg" in
    --ha) ha=1 ;;
    --browser) browser=1 ;;
    *) die "unknown option '$arg' (the options are --ha and --browser)" ;;
  esac
done

# Root needs no sudo; everyone else does, for apt only.
sudo_cmd=()
if [ "${EUID:-$(id -u)}" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "not root and sudo is missing; run as root or install sudo"
  sudo_cmd=(sudo)
fi
as_root() { ${sudo_cmd[@]+"${sudo_cmd[@]}"} "$@"; }

have_postgres_server() {
  # GNOMON_PG_BIN is the launcher's documented override; otherwise Debian's layout.
  if [ -n "${GNOMON_PG_BIN:-}" ] && [ -x "$GNOMON_PG_BIN/initdb" ]; then return 0; fi
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

# Debian's package creates and starts a system cluster "main". Gnomon runs private instances, so stop it and
# mark it manual so it does not come back on boot. Without systemd some of these fail; that is fine.
stop_system_clusters() {
  local version name
  command -v pg_lsclusters >/dev/null 2>&1 || return 0
  while read -r version name _; do
    [ -n "$version" ] || continue
    as_root pg_ctlcluster "$version" "$name" stop >/dev/null 2>&1 || true
    if [ -f "/etc/postgresql/$version/$name/start.conf" ]; then
      echo manual | as_root tee "/etc/postgresql/$version/$name/start.conf" >/dev/null || true
    fi
  done < <(pg_lsclusters -h 2>/dev/null || true)
  as_root service postgresql stop >/dev/null 2>&1 || true
  as_root systemctl disable --now postgresql >/dev/null 2>&1 || true
  as_root update-rc.d postgresql disable >/dev/null 2>&1 || true
}

# Installs Debian packages quietly; on failure prints apt's output and stops, naming <what>.
apt_install() {
  local what="$1" log
  shift
  log="$(mktemp)"
  if ! { as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
         as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    die "installing $what failed (output above)"
  fi
  rm -f "$log"
}

install_postgres_server() {
  command -v apt-get >/dev/null 2>&1 ||
    die "PostgreSQL server binaries (initdb, pg_ctl, postgres) are missing and apt-get is not available; install PostgreSQL and set GNOMON_PG_BIN to its bin directory"
  echo "ensure-prerequisites: installing PostgreSQL server (Debian package 'postgresql')..." >&2
  apt_install postgresql postgresql
  stop_system_clusters
  have_postgres_server || die "postgresql was installed but no initdb is under /usr/lib/postgresql/*/bin"
}

# The PostgreSQL major version the server binaries are for (the newest installed), e.g. 15.
postgres_major() {
  local newest
  newest="$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1)"
  basename "$(dirname "$(dirname "$newest")")"
}

have_auto_failover() {
  command -v pg_autoctl >/dev/null 2>&1 && [ -f "/usr/lib/postgresql/$(postgres_major)/lib/pgautofailover.so" ]
}

install_auto_failover() {
  command -v apt-get >/dev/null 2>&1 || die "pg_auto_failover is missing and apt-get is not available; install pg_autoctl and its extension for PostgreSQL $(postgres_major)"
  local major
  major="$(postgres_major)"
  echo "ensure-prerequisites: installing pg_auto_failover (Debian packages 'pg-auto-failover-cli', 'postgresql-$major-auto-failover')..." >&2
  apt_install pg_auto_failover pg-auto-failover-cli "postgresql-$major-auto-failover"
  stop_system_clusters
  have_auto_failover || die "pg_auto_failover was installed but pg_autoctl or the extension for PostgreSQL $major is missing"
}

install_chromium() {
  command -v apt-get >/dev/null 2>&1 || die "Chromium (/usr/bin/chromium) is missing and apt-get is not available; install Chromium for the browser tests"
  echo "ensure-prerequisites: installing Chromium (Debian package 'chromium') for the browser tests..." >&2
  apt_install chromium chromium
  [ -x /usr/bin/chromium ] || die "chromium was installed but /usr/bin/chromium is missing"
}

check_dotnet() {
  local how="Install the .NET 10 SDK: https://dotnet.microsoft.com/download/dotnet/10.0
  or: curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0 && export PATH=\"\$HOME/.dotnet:\$PATH\""
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "ensure-prerequisites: dotnet was not found on PATH." >&2
    echo "  $how" >&2
    exit 1
  fi
  if ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
    echo "ensure-prerequisites: the .NET 10 SDK is required; found: $(dotnet --list-sdks 2>/dev/null | awk '{print $1}' | paste -sd, - || true)" >&2
    echo "  $how" >&2
    exit 1
  fi
}

have_postgres_server || install_postgres_server
if [ "$ha" = 1 ]; then
  have_auto_failover || install_auto_failover
  # pg_autoctl's servers put their sockets in Debian's socket directory, which only a started system cluster creates.
  if [ ! -d /var/run/postgresql ]; then as_root install -d -o postgres -g postgres -m 2775 /var/run/postgresql; fi
fi
if [ "$browser" = 1 ]; then
  [ -x /usr/bin/chromium ] || install_chromium
fi
check_dotnet
