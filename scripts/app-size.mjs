// The transfer size of a release app: every wasm, JS, CSS and HTML file of
// a Trunk dist directory, raw, gzip and brotli as the server sends them
// (compress.mjs). Sizes in bytes. Used by the benchmark (bench/sizes.mjs)
// and by make test's size budget (size-budget.mjs).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzip, brotli, KINDS } from './compress.mjs';

function measure(bytes) {
  return { raw: bytes.length, gzip: gzip(bytes).length, brotli: brotli(bytes).length };
}

/** The files of `dir` with their sizes, the sums by kind, and the total. */
export function appSize(dir) {
  const files = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const kind = KINDS[extname(name)];
    if (!kind || !statSync(path).isFile()) continue;
    files.push({ name, kind, ...measure(readFileSync(path)) });
  }
  const zero = () => ({ raw: 0, gzip: 0, brotli: 0 });
  const byKind = { wasm: zero(), js: zero(), css: zero(), html: zero() };
  const total = zero();
  for (const file of files) {
    for (const key of ['raw', 'gzip', 'brotli']) {
      byKind[file.kind][key] += file[key];
      total[key] += file[key];
    }
  }
  return { files, by_kind: byKind, total };
}
