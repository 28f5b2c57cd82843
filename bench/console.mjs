// The app embedded in the demo console, in JWT mode (console and app on
// two origins, the token handed over by message), in headless Chromium:
//
// 1. Embedded first open: from the navigation of the console's iframe to
//    all five panels complete in it, cold cache (a fresh browser context)
//    each run, against the static page of browser.mjs loaded on its own in
//    the same run, interleaved. Also timed from the console's own
//    navigation, which includes the console's start (its config, a token,
//    the conversation list) before it sets the iframe's address.
// 2. Warm switch: the console's button for another conversation clicked
//    (a DOM `element.click()`), timed inside the app from the console's
//    context message to all five panels complete for the new conversation,
//    over 20 switches through different conversations after one warm-up;
//    also how soon after the message the next conversation was shown (the
//    previous page gone, the next one's data or skeletons in its place).
//
// "Complete" is the same DOM check for the app and the static page: all
// five panels present, none with a skeleton or an error.
//
//   node bench/console.mjs CONFIG.json OUT.json
//
// CONFIG: {"app", "console" (base URLs), "static_page" (URL), "runs", "switches"}
import { readFileSync, writeFileSync } from 'node:fs';
import { launchChromium, median, percentile, round } from './common.mjs';

const [configPath, out] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configPath, 'utf8'));
const RUNS = config.runs ?? 10;
const SWITCHES = config.switches ?? 20;
const WAIT_MS = 30_000;
// Agents switch at a human pace: the previous switch's late work (the
// event stream, who else is viewing) has settled before the next.
const BETWEEN_SWITCHES_MS = 500;
const PANELS = ['customer', 'conversation', 'case', 'recent-cases', 'timeline'];
const appOrigin = new URL(config.app).origin;
const log = (...args) => console.error('   ', ...args);

// Runs in every document before its own scripts; in the app's (and the
// static page's) it notes when the summary is complete: at first, and
// after each context message for a conversation the page does not show
// yet, once a new summary has replaced the one shown at the message.
function watch({ panels, appOrigin }) {
  if (location.origin !== appOrigin) return;
  const W = (window.__watch = { complete: null, error: null, switches: [] });
  // The page shown: during a switch the next one is built hidden beside it.
  const shown = () => document.querySelector('[data-testid="summary-page"]:not([hidden])') ?? document;
  const summary = () => shown().querySelector('main.summary');
  const isComplete = () =>
    panels.every((p) => {
      const panel = shown().querySelector(`[data-testid="${p}-panel"]`);
      return panel && !panel.querySelector('[data-testid="skeleton"]');
    });
  window.addEventListener(
    'message',
    (event) => {
      const m = event.data;
      if (m?.type !== 'customer-summary:context') return;
      const last = W.switches.at(-1);
      const shown = last ? last.conversation : W.firstConversation;
      if (m.conversation_id === shown) return;
      W.switches.push({ conversation: m.conversation_id, at: performance.now(), old: summary(), gone: null, complete: null });
    },
    true,
  );
  const check = () => {
    const now = performance.now();
    const failed = shown().querySelector('[data-testid="panel-error"]');
    if (failed) W.error = failed.textContent.trim();
    if (W.complete === null && isComplete()) {
      W.complete = now;
      W.firstConversation = Number(new URLSearchParams(location.search).get('conversation'));
    }
    const s = W.switches.at(-1);
    if (!s || s.complete !== null) return;
    const current = summary();
    if (s.gone === null && !(s.old && s.old.isConnected)) s.gone = now;
    if (current && current !== s.old && isComplete()) {
      s.complete = now;
      s.old = null;
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributeFilter: ['hidden'] });
}

const browser = await launchChromium();

async function freshPage() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  await context.addInitScript(watch, { panels: PANELS, appOrigin });
  return { context, page: await context.newPage() };
}

/** The app's frame of the console's `page`, once it exists. */
async function appFrame(page) {
  for (const deadline = Date.now() + WAIT_MS; Date.now() < deadline; ) {
    const frame = page.frames().find((f) => f.url().startsWith(`${appOrigin}/`));
    if (frame) return frame;
    await page.waitForTimeout(10);
  }
  throw new Error('the console never framed the app');
}

/**
 * Waits for `check(window.__watch, arg)`, run in `frame`, to return
 * non-null, or for a panel to fail. `check` is sent as source, so it uses
 * nothing outside itself.
 */
async function until(frame, check, arg = null) {
  const handle = await frame.waitForFunction(check, arg, { timeout: WAIT_MS, polling: 20 });
  const value = await handle.jsonValue();
  if (value?.error) throw new Error(`a panel failed: ${value.error}`);
  return value;
}

// The checks `until` runs: each answers a panel's error as soon as one shows.
const complete = () => {
  const W = window.__watch;
  return W && (W.error ? { error: W.error } : W.complete);
};
const switched = (id) => {
  const W = window.__watch;
  if (!W) return null;
  if (W.error) return { error: W.error };
  const s = W.switches.at(-1);
  return s && s.conversation === id && s.complete !== null ? { at: s.at, gone: s.gone, complete: s.complete } : null;
};

/** One cold first open in the console: both times, in ms. */
async function embeddedFirstOpen() {
  const { context, page } = await freshPage();
  try {
    await page.goto(config.console, { waitUntil: 'commit', timeout: WAIT_MS });
    const frame = await appFrame(page);
    const done = await until(frame, complete);
    // Both on the same clock: each document's time origin plus its own time.
    const frameOrigin = await frame.evaluate(() => performance.timeOrigin);
    const consoleOrigin = await page.evaluate(() => performance.timeOrigin);
    return { from_frame: done, from_console: frameOrigin + done - consoleOrigin };
  } finally {
    await context.close();
  }
}

/** One cold load of the static page: when it is complete, in ms. */
async function staticOpen() {
  const { context, page } = await freshPage();
  try {
    await page.goto(config.static_page, { waitUntil: 'commit', timeout: WAIT_MS });
    return await until(page.mainFrame(), complete);
  } finally {
    await context.close();
  }
}

async function firstOpen() {
  await embeddedFirstOpen();
  await staticOpen();
  const frame = [];
  const whole = [];
  const stat = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await embeddedFirstOpen();
    frame.push(run.from_frame);
    whole.push(run.from_console);
    stat.push(await staticOpen());
    log(`embedded first open ${i + 1}/${RUNS}: ${round(run.from_frame)} ms from the iframe's navigation, ${round(run.from_console)} ms from the console's; static ${round(stat.at(-1))} ms`);
  }
  const summary = (xs) => ({ median: round(median(xs)), runs: xs.map((x) => round(x)) });
  return {
    runs: RUNS,
    from_frame_ms: summary(frame),
    from_console_ms: summary(whole),
    static_ms: summary(stat),
    ratio: round(median(frame) / median(stat), 2),
  };
}

async function warmSwitch() {
  const { context, page } = await freshPage();
  try {
    await page.goto(config.console, { timeout: WAIT_MS });
    const frame = await appFrame(page);
    await until(frame, complete);
    const ids = await page.evaluate(() =>
      [...document.querySelectorAll('#sessions button[data-id]')].map((b) => Number(b.dataset.id)),
    );
    const shown = await frame.evaluate(() => window.__watch.firstConversation);
    // Each switch to a conversation other than the one shown, cycling
    // through the list.
    const targets = ids.filter((id) => id !== shown);
    if (targets.length < 2) throw new Error(`the console lists ${ids.length} conversations; a switch needs at least 3`);
    const times = [];
    const gone = [];
    for (let i = 0; i <= SWITCHES; i++) {
      const id = targets[i % targets.length];
      await page.waitForTimeout(BETWEEN_SWITCHES_MS);
      await page.evaluate((id) => document.querySelector(`#sessions button[data-id="${id}"]`).click(), id);
      const s = await until(frame, switched, id);
      if (i === 0) continue; // the warm-up
      times.push(s.complete - s.at);
      gone.push(s.gone - s.at);
      log(`switch ${i}/${SWITCHES} to conversation ${id}: ${round(times.at(-1))} ms (shown after ${round(gone.at(-1))} ms)`);
    }
    return {
      switches: times.length,
      median_ms: round(median(times)),
      p95_ms: round(percentile(times, 95)),
      runs: times.map((t) => round(t)),
      next_shown_ms: { median: round(median(gone)), max: round(Math.max(...gone)) },
    };
  } finally {
    await context.close();
  }
}

const results = {};
const errors = {};
for (const [name, run] of Object.entries({ first_open: firstOpen, warm_switch: warmSwitch })) {
  try {
    results[name] = await run();
  } catch (error) {
    console.error(`!! ${name}: ${error.stack ?? error}`);
    errors[name] = String(error.message ?? error);
  }
}
await browser.close();
if (Object.keys(errors).length) {
  results.errors = errors;
  process.exitCode = 1;
}
writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
