# Sourced by the scripts: puts the project's tools on PATH.
# Tools that `cargo install` builds (Trunk, wasm-bindgen-cli) live in
# CS_TOOLS_ROOT, by default Cargo's own home. CI points CARGO_HOME at an
# empty registry and keeps the tools where they are (.ci/run).
export CS_TOOLS_ROOT="${CS_TOOLS_ROOT:-${CARGO_HOME:-$HOME/.cargo}}"
export PATH="$PWD/node_modules/.bin:$CS_TOOLS_ROOT/bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
