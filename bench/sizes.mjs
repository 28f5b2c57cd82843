// Transfer size of the release app: every wasm, JS, CSS and HTML file of a
// Trunk dist directory, raw, gzip and brotli as the server sends them
// (scripts/compress.mjs). Sizes in bytes.
//
//   node bench/sizes.mjs DIST_DIR > sizes.json
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzip, brotli, KINDS } from '../scripts/compress.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/sizes.mjs DIST_DIR');
  process.exit(2);
}

function measure(bytes) {
  return { raw: bytes.length, gzip: gzip(bytes).length, brotli: brotli(bytes).length };
}

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

process.stdout.write(JSON.stringify({ files, by_kind: byKind, total }, null, 2) + '\n');
