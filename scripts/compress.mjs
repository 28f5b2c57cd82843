// How the app's files are compressed, the same for the copies the server
// sends (scripts/precompress.mjs) and for the sizes the benchmark reports
// (bench/sizes.mjs): gzip at level 9, brotli at quality 11.
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

export function gzip(bytes) {
  return gzipSync(bytes, { level: 9 });
}

export function brotli(bytes) {
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

// The files of a Trunk dist directory worth compressing, by kind.
export const KINDS = { '.wasm': 'wasm', '.js': 'js', '.css': 'css', '.html': 'html' };
