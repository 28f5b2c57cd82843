#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, the benchmark and
# `scripts/postgres.sh run`: Debian's server binaries (scripts/setup.sh
# installs them), a new cluster in a temporary directory, listening only
# on 127.0.0.1 at a free port, trusting local connections; nothing of
# Debian's own cluster (5432) is used or started.
#
#   source scripts/postgres.sh; pg_start; ...; pg_stop
#       pg_start sets CS_PG_URL (postgres://postgres@127.0.0.1:PORT/postgres)
#       and CS_PG_DIR; pg_stop stops the cluster and deletes its directory.
#   pg_pause / pg_resume stop the cluster and start it again on the same
#       port, as a database lost and back (the fault tests).
#   scripts/postgres.sh run [server flags]
#       the server on a throwaway cluster, stopped with it (README).
#
# PostgreSQL refuses to run as root: as root, the cluster belongs to the
# `postgres` user (created by Debian's package) and its commands run as it.

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
        echo "PostgreSQL's server is not installed: run scripts/setup.sh" >&2
        return 1
    fi
    echo "$dir"
}

# Runs a command as the cluster's owner, from /: the `postgres` user may
# not be allowed into the current directory (a checkout under /root), and
# PostgreSQL's programs fail when they cannot resolve it.
pg_as_owner() {
    if [ "$(id -u)" = 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# A TCP port on 127.0.0.1 nobody listens on.
pg_free_port() {
    local port
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    echo "no free port found" >&2
    return 1
}

pg_start() {
    local bin port
    bin=$(pg_bin) || return 1
    port=$(pg_free_port) || return 1
    CS_PG_DIR=$(mktemp -d -t cs-postgres.XXXXXX)
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$CS_PG_DIR"
    fi
    pg_as_owner "$bin/initdb" --pgdata="$CS_PG_DIR/data" --username=postgres \
        --auth=trust --encoding=UTF8 --locale=C --no-instructions >"$CS_PG_DIR/initdb.log" \
        || { cat "$CS_PG_DIR/initdb.log" >&2; return 1; }
    export CS_PG_DIR
    # The port was free when picked, but another process (tests start
    # servers on free ports in parallel) can bind it before PostgreSQL
    # does: then another port is tried (CI failed once on this).
    local attempt
    for attempt in 1 2 3 4 5; do
        # Durability is not wanted of a cluster thrown away after the run.
        echo "-c listen_addresses=127.0.0.1 -p $port -k $CS_PG_DIR \
            -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
            -c max_connections=300" >"$CS_PG_DIR/options"
        pg_resume 2>/dev/null && break
        if [ "$attempt" = 5 ] || ! grep -q 'Address already in use' "$CS_PG_DIR/server.log"; then
            cat "$CS_PG_DIR/server.log" >&2
            return 1
        fi
        port=$(pg_free_port) || return 1
        : >"$CS_PG_DIR/server.log"
    done
    CS_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
    CS_PG_PORT=$port
    export CS_PG_URL CS_PG_PORT
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($CS_PG_DIR)"
}

# Starts the cluster of CS_PG_DIR (again) with its options.
pg_resume() {
    pg_as_owner "$(pg_bin)/pg_ctl" --pgdata="$CS_PG_DIR/data" --log="$CS_PG_DIR/server.log" \
        --wait --silent start -o "$(cat "$CS_PG_DIR/options")" \
        || { cat "$CS_PG_DIR/server.log" >&2; return 1; }
}

# Stops the cluster of CS_PG_DIR, keeping its data, its connections cut.
pg_pause() {
    pg_as_owner "$(pg_bin)/pg_ctl" --pgdata="$CS_PG_DIR/data" --mode=fast --wait --silent stop
}

# Stops the cluster, as fast as it can (the data is thrown away).
pg_stop() {
    if [ -n "${CS_PG_DIR:-}" ] && [ -d "$CS_PG_DIR" ]; then
        pg_as_owner "$(pg_bin)/pg_ctl" --pgdata="$CS_PG_DIR/data" --mode=immediate \
            --silent stop || true
        rm -rf "$CS_PG_DIR"
        CS_PG_DIR=""
    fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    cd "$(dirname "$0")/.."
    case "${1:-}" in
        run)
            shift
            pg_start
            trap pg_stop EXIT
            CS_DATABASE="$CS_PG_URL" scripts/run.sh "$@"
            ;;
        *)
            echo "usage: scripts/postgres.sh run [server flags]" >&2
            exit 2
            ;;
    esac
fi
