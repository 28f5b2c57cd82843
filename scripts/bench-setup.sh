#!/usr/bin/env bash
# Installs what only the benchmark needs, idempotently: Debian's wrk (the
# HTTP load generator). Brotli and gzip sizes come from Node's zlib, the
# browser runs are Playwright with Debian's Chromium, and the databases are
# made with Python's sqlite3: all already installed by scripts/setup.sh or
# the machine.
set -euo pipefail

if ! command -v wrk >/dev/null 2>&1; then
    printf '\033[1m==> %s\033[0m\n' "Installing wrk (load generator)"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y wrk
fi
command -v python3 >/dev/null 2>&1 || {
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y python3
}
