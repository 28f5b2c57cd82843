#!/usr/bin/env bash
# Builds the release app and the reference server, then serves both on
# http://127.0.0.1:8080 with the seeded demo database (created on first run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

trunk build --release
cargo build -p customer-summary-server --profile server
exec target/server/customer-summary-server \
    --bind "${CS_BIND:-127.0.0.1:8080}" \
    --database "${CS_DATABASE:-data/customer-summary.db}" \
    --app-dir dist
