// Writes NAME.gz and NAME.br next to every wasm, JS, CSS and HTML file of
// a built app, which the server sends to browsers that accept them
// (tower-http's ServeDir, `precompressed_br` and `precompressed_gzip`).
//
//   node scripts/precompress.mjs DIST_DIR
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzip, brotli, KINDS } from './compress.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/precompress.mjs DIST_DIR');
  process.exit(2);
}

for (const name of readdirSync(dir)) {
  const path = join(dir, name);
  if (!KINDS[extname(name)] || !statSync(path).isFile()) continue;
  const bytes = readFileSync(path);
  writeFileSync(`${path}.gz`, gzip(bytes));
  writeFileSync(`${path}.br`, brotli(bytes));
}
