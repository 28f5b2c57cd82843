#!/usr/bin/env bash
# Builds the release app and the reference server, then serves both on
# http://127.0.0.1:8080 with the seeded demo database (created on first run),
# and the demo agent console embedding the app on http://127.0.0.1:8082.
# Channels reach the intake API with the key in data/channel-key, made on
# first run (`make simulate` reads it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

scripts/build-app.sh
cargo build -p customer-summary-server --profile server

key_file=data/channel-key
if [ ! -s "$key_file" ]; then
    mkdir -p data
    (umask 077 && od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$key_file")
fi
export CS_CHANNEL_KEYS=${CS_CHANNEL_KEYS:-simulator=$(cat "$key_file")}
exec target/server/customer-summary-server \
    --bind "${CS_BIND:-127.0.0.1:8080}" \
    --database "${CS_DATABASE:-data/customer-summary.db}" \
    --app-dir dist \
    --console-bind "${CS_CONSOLE_BIND:-127.0.0.1:8082}" \
    --console-origins "${CS_CONSOLE_ORIGINS:-http://127.0.0.1:8082}"
