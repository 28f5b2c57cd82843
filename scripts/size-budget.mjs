// make test's size budget: prints the release app's gzip size and fails
// when it exceeds the ceiling in size-budget.json, so that nothing grows
// unseen. Lower the ceiling each time the app shrinks.
//
//   node scripts/size-budget.mjs DIST_DIR
import { readFileSync } from 'node:fs';
import { appSize } from './app-size.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/size-budget.mjs DIST_DIR');
  process.exit(2);
}
const budget = JSON.parse(readFileSync(new URL('../size-budget.json', import.meta.url), 'utf8'));
const { by_kind: byKind, total } = appSize(dir);
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
console.log(
  `App size: ${kb(total.gzip)} gzip (wasm ${kb(byKind.wasm.gzip)}, JS ${kb(byKind.js.gzip)}), ` +
    `${kb(total.brotli)} brotli; ceiling ${kb(budget.gzip_ceiling_bytes)} gzip`,
);
if (total.gzip > budget.gzip_ceiling_bytes) {
  console.error(
    `The app grew past its ceiling by ${kb(total.gzip - budget.gzip_ceiling_bytes)}: ` +
      'make it smaller, or raise size-budget.json with the reason.',
  );
  process.exit(1);
}
