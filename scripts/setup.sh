#!/usr/bin/env bash
# Installs every tool the project needs, idempotently: the pinned nightly
# with the wasm target, Trunk, the wasm-bindgen CLI matching Cargo.lock,
# Debian's Chromium and ChromeDriver, the npm packages (Playwright,
# axe-core, binaryen's wasm-opt), and every crate the offline builds need,
# std's own dependencies included. Safe to run again: present tools are kept.
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLCHAIN=$(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)
TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
source scripts/env.sh

# rust-src: the release app rebuilds std (scripts/build-app.sh).
installed=$(rustup component list --toolchain "$TOOLCHAIN" --installed 2>/dev/null || true)
if ! rustup run "$TOOLCHAIN" rustc --print target-libdir --target wasm32-unknown-unknown >/dev/null 2>&1 \
    || ! grep -q '^clippy' <<<"$installed" || ! grep -q '^rust-src' <<<"$installed"; then
    say "Installing Rust $TOOLCHAIN with the wasm32 target and std's source"
    rustup toolchain install "$TOOLCHAIN" --profile minimal \
        --component rustfmt,clippy,rust-src --target wasm32-unknown-unknown
fi

# Tools are built with the machine's default toolchain, outside the repo so
# that rust-toolchain.toml does not apply.
if ! trunk --version 2>/dev/null | grep -qF "$TRUNK_VERSION"; then
    say "Installing Trunk $TRUNK_VERSION (about 15 minutes on 2 cores)"
    (cd / && cargo install trunk --version "$TRUNK_VERSION" --locked --root "$CS_TOOLS_ROOT")
fi

if ! wasm-bindgen --version 2>/dev/null | grep -qF "$WASM_BINDGEN_VERSION"; then
    say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    # Not --locked: one of its locked dependencies is not on the registry.
    (cd / && cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force \
        --root "$CS_TOOLS_ROOT")
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "Installing Chromium and ChromeDriver"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
fi

# PostgreSQL's server, for the API tests on PostgreSQL (scripts/postgres.sh
# starts a throwaway cluster of its own). Installing Debian's package
# would create and start its own cluster on 5432: a policy-rc.d that
# forbids starting services stops that, and any such cluster still
# running afterwards is stopped.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    say "Installing PostgreSQL's server (without starting Debian's cluster)"
    policy=/usr/sbin/policy-rc.d
    had_policy=false
    if [ -e "$policy" ]; then had_policy=true; fi
    if ! $had_policy; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod +x "$policy"
    fi
    pg_installed=true
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql \
        || pg_installed=false
    if ! $had_policy; then rm -f "$policy"; fi
    $pg_installed
    if command -v pg_lsclusters >/dev/null; then
        pg_lsclusters --no-header | awk '$4 == "online" { print $1, $2 }' |
            while read -r version cluster; do
                pg_ctlcluster "$version" "$cluster" stop
            done
    fi
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "Installing npm packages"
    npm ci --no-audit --no-fund
fi

# Trunk runs cargo --offline (it must not download tools), so the crates
# have to be here first: the workspace's, and std's own, which the release
# build compiles (build-std) and `cargo fetch --locked` does not fetch.
say "Fetching the crates the offline builds need (the workspace's and std's)"
cargo fetch --locked --quiet
CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
    cargo fetch --target wasm32-unknown-unknown --quiet
