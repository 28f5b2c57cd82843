#!/usr/bin/env bash
# Builds the release app into DIST (default dist/), as small as it gets:
# std rebuilt to abort on panic at once (Cargo.toml, [profile.release]),
# components type-erased, no panic locations and no Debug formatting;
# then writes .gz and .br copies of its files for the server to send.
#
#   scripts/build-app.sh [DIST]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

dist=${1:-dist}
# RUSTFLAGS replaces the rustflags of .cargo/config.toml, so it repeats
# erase_components. The -Z flags stay out of the test builds, whose
# failures need locations and Debug output.
CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
    RUSTFLAGS="--cfg erase_components -Zlocation-detail=none -Zfmt-debug=none" \
    trunk build --release --dist "$dist"
node scripts/precompress.mjs "$dist"
