// What the benchmark's scripts share: their statistics, one rounding, and
// Debian's headless Chromium launched the same way for every browser part.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** The median of `xs` (the mean of the middle two for an even count); null for none. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? null : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** The nearest-rank `p`th percentile of `xs`; null for none. */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? null : s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** `x` rounded to `d` decimals; null stays null. */
export const round = (x, d = 1) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);

/** Headless Chromium as the end-to-end tests launch it, with precise memory figures. */
export function launchChromium() {
  const { executablePath, args } = JSON.parse(readFileSync(new URL('../e2e/chromium.json', import.meta.url), 'utf8'));
  return chromium.launch({ executablePath, args: [...args, '--enable-precise-memory-info'] });
}
