// Every colour pair the page draws, computed from the design tokens in
// main.css, meets WCAG 2.2 AA in light, dark and more contrast (and so under
// the console's data-theme, which only picks light or dark): 4.5:1 for
// text, 3:1 for what identifies a control or its state (borders, focus
// rings, the selected tab's bar). axe only checks what happens to be on
// screen; this checks every pair. Run with `node --test style/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const css = readFileSync(new URL('./main.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** The custom properties declared in the first `selector { … }` block after `from`. */
function declarations(selector, from = 0) {
  const start = css.indexOf(`${selector} {`, from);
  assert.ok(start >= 0, `main.css has no ${selector} block`);
  const body = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start));
  return Object.fromEntries(
    [...body.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map(([, name, value]) => [name, value.trim()]),
  );
}

const base = declarations(':root');
const more = declarations(':root', css.indexOf('@media (prefers-contrast: more)'));

/** Token `name` as a colour [r, g, b] in one scheme ("light" / "dark"), with or without more contrast. */
function colour(name, scheme, moreContrast) {
  const tokens = moreContrast ? { ...base, ...more } : base;
  let value = tokens[name];
  assert.ok(value, `no token ${name}`);
  for (let depth = 0; depth < 10; depth++) {
    const pair = value.match(/^light-dark\((.+),(.+)\)$/);
    if (pair) value = (scheme === 'light' ? pair[1] : pair[2]).trim();
    const reference = value.match(/^var\((--[\w-]+)\)$/);
    if (!reference) break;
    value = tokens[reference[1]];
  }
  const hex = value.match(/^#([0-9a-f]{6})$/i);
  assert.ok(hex, `${name} is ${value} in ${scheme}: expected #rrggbb`);
  return [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16));
}

function luminance([r, g, b]) {
  const linear = (c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

export function contrast(a, b) {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

const TEXT = 4.5;
const NON_TEXT = 3;
const SURFACES = ['--page', '--surface', '--surface-sunken'];

/** [foreground, background, minimum, where the page draws it]. */
const PAIRS = [
  ...SURFACES.flatMap((bg) => [
    ['--text', bg, TEXT, 'body text'],
    ['--text-muted', bg, TEXT, 'labels, hints, times'],
    ['--link', bg, TEXT, 'links and link buttons'],
    ['--danger-text', bg, TEXT, 'field errors, failed notes'],
    ['--border-strong', bg, NON_TEXT, 'input, select and button borders'],
    ['--focus', bg, NON_TEXT, 'focus ring'],
    ['--accent', bg, NON_TEXT, 'selected tab bar, pressed filter border'],
    ['--danger-text', bg, NON_TEXT, 'invalid input border'],
  ]),
  ['--text', '--neutral-surface', TEXT, 'button hover, neutral badges'],
  ['--text-muted', '--neutral-surface', TEXT, 'disabled button'],
  ['--border-strong', '--neutral-surface', NON_TEXT, 'button border on hover'],
  ['--focus', '--neutral-surface', NON_TEXT, 'focus ring on a hovered button'],
  ['--on-accent', '--accent-fill', TEXT, 'primary button'],
  ['--on-accent', '--accent-fill-hover', TEXT, 'primary button, hover'],
  ['--danger-text', '--danger-surface', TEXT, 'panel errors, danger badges'],
  ['--warning-text', '--warning-surface', TEXT, 'warning badges and notices'],
  ['--success-text', '--success-surface', TEXT, 'success badges'],
  ['--info-text', '--info-surface', TEXT, 'info badges, pressed filters'],
  ['--accent', '--info-surface', NON_TEXT, 'pressed filter border'],
  ['--text', '--info-surface', TEXT, 'highlighted search result'],
  ['--text-muted', '--info-surface', TEXT, 'a highlighted result\'s details'],
  ['--text', '--warning-surface', TEXT, 'replace-case confirmation'],
  ['--surface', '--text', TEXT, 'exact-time tooltip (inverted)'],
];

for (const scheme of ['light', 'dark']) {
  for (const moreContrast of [false, true]) {
    const theme = `${scheme}${moreContrast ? ', more contrast' : ''}`;
    test(`every token pair meets WCAG 2.2 AA in ${theme}`, () => {
      const failures = PAIRS.flatMap(([fg, bg, minimum, where]) => {
        const ratio = contrast(colour(fg, scheme, moreContrast), colour(bg, scheme, moreContrast));
        return ratio + 1e-9 < minimum ? [`${fg} on ${bg} (${where}): ${ratio.toFixed(2)}:1 < ${minimum}:1`] : [];
      });
      assert.deepEqual(failures, []);
    });
  }
}

test('the contrast formula matches WCAG', () => {
  assert.equal(contrast([0, 0, 0], [255, 255, 255]).toFixed(2), '21.00');
  // The bug this suite was written for: white on the dark theme's #479ef5.
  assert.equal(contrast([255, 255, 255], [0x47, 0x9e, 0xf5]).toFixed(1), '2.8');
});
