// Transfer size of the release app (scripts/app-size.mjs), as JSON.
//
//   node bench/sizes.mjs DIST_DIR > sizes.json
import { appSize } from '../scripts/app-size.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/sizes.mjs DIST_DIR');
  process.exit(2);
}
process.stdout.write(JSON.stringify(appSize(dir), null, 2) + '\n');
