#!/usr/bin/env bash
# Every check CI runs: formatting, the design tokens' contrast, clippy
# (native and wasm), native tests (model, app logic, server API against
# real SQLite), the server's API tests again against a throwaway
# PostgreSQL cluster, browser tests of the components in headless
# Chromium, the release build and its size budget, and end-to-end tests
# with Playwright against the real server and the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

# Each step prints its time when it ends, and the list of all of them comes
# last, also when a step fails.
timings=()
current=""
step_started=$SECONDS
end_step() {
    if [ -n "$current" ]; then
        timings+=("$(printf '%5d s  %s' $((SECONDS - step_started)) "$current")")
        printf '\033[1m<== %s: %d s\033[0m\n' "$current" $((SECONDS - step_started))
        current=""
    fi
}
step() {
    end_step
    current=$*
    step_started=$SECONDS
    printf '\n\033[1m==> %s\033[0m\n' "$*"
}
report() {
    end_step
    printf '\n\033[1m==> Step times (%d s in all)\033[0m\n' "$SECONDS"
    printf '%s\n' "${timings[@]}"
}
source scripts/postgres.sh
finish() {
    pg_stop
    report
}
trap finish EXIT

step "Setup (scripts/setup.sh)"
scripts/setup.sh

step "Formatting"
cargo fmt --all --check

step "Design tokens: every colour pair's contrast (node --test)"
node --test style/

step "Clippy (native)"
cargo clippy --workspace --all-targets -- -D warnings

step "Clippy (wasm)"
cargo clippy -p customer-summary --target wasm32-unknown-unknown --all-targets -- -D warnings

step "Native tests"
cargo test --workspace

step "Server API tests on PostgreSQL (a throwaway cluster)"
pg_start
CS_TEST_POSTGRES="$CS_PG_URL" cargo test -p customer-summary-server --test '*'
# The search plans at 100,000 contacts (ignored without a cluster).
CS_TEST_POSTGRES="$CS_PG_URL" cargo test -p customer-summary-server --lib -- --ignored
pg_stop

step "Browser tests (wasm-bindgen-test in headless Chromium)"
cargo test -p customer-summary --target wasm32-unknown-unknown --test '*'

step "Release build of the app (scripts/build-app.sh)"
scripts/build-app.sh

step "App size against its ceiling (size-budget.json)"
node scripts/size-budget.mjs dist

step "End-to-end tests (Playwright)"
cargo build -p customer-summary-server
npx playwright test --config e2e/playwright.config.ts
