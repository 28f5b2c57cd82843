// The in-browser measurements, in Debian's headless Chromium (Playwright):
//
// 1. Complete summary: navigation to all five panels showing conversation
//    1's data, the app against a static HTML capture of the same page
//    served by the same server; cold cache (a fresh browser context) each
//    run, app and static runs interleaved. The app's time is the last of
//    its `customer-summary:<panel>-loaded` performance marks when all five
//    are set, otherwise the DOM check (all five panels present, no
//    skeleton, data drawn) that also times the static page.
// 2. The request waterfall of each app run (Resource Timing): config.json,
//    then the first request of every panel, which must all start before
//    any of them finishes; and the first open's phases (HTML, config,
//    wasm compiled, first request out, last reply in, complete).
// 2b. The same first open, app and static page, under Chromium's network
//    emulation: 40 ms latency, 10 Mbit/s.
// 3. Timeline: time to its first page and peak JS heap (and wasm memory) for
//    conversation 4 (contact with 10 items) and conversation 1 (10,000).
// 4. Search as you type: keystroke to results drawn in the customer search
//    of conversation 8 (nobody linked) against a database of 1,000 and one
//    of 100,000 contacts.
//
//   node bench/browser.mjs CONFIG.json -o browser.json
// CONFIG: { app, search_1k, search_100k (base URLs), app_dir, runs, queries }
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, median, round } from './common.mjs';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const RUNS = config.runs ?? 10;
const WAIT_MS = 30_000;
const PANELS = ['customer', 'conversation', 'case', 'recent-cases', 'timeline'];
const STATIC_PAGE = 'static-summary.html';
const HELD_RUNS = 3;
const HOLD_API_MS = 300;
const log = (...args) => console.error('   ', ...args);

// Runs in every page before its own scripts: observes the DOM for the
// summary being complete and the timeline's first page, samples the JS
// heap, keeps the wasm memory, and notes the time of every keydown.
function instrument(panels) {
  const B = (window.__bench = {
    ready: null,
    readyFrame: null,
    timelineReady: null,
    error: null,
    heapPeak: 0,
    heapSamples: 0,
    wasmMemory: null,
    wasmCompiled: null,
    lastKey: null,
  });
  const sample = () => {
    const m = performance.memory;
    if (m && m.usedJSHeapSize > B.heapPeak) B.heapPeak = m.usedJSHeapSize;
    B.heapSamples++;
  };
  const sampler = setInterval(sample, 5);
  B.stopSampling = () => {
    sample();
    clearInterval(sampler);
  };
  const wrap = (original) =>
    async function (...args) {
      const result = await original.apply(this, args);
      B.wasmCompiled ??= performance.now();
      const instance = result.instance ?? result;
      if (instance?.exports?.memory) B.wasmMemory = instance.exports.memory;
      return result;
    };
  WebAssembly.instantiateStreaming = wrap(WebAssembly.instantiateStreaming);
  WebAssembly.instantiate = wrap(WebAssembly.instantiate);
  document.addEventListener('keydown', (e) => (B.lastKey = e.timeStamp), true);

  const check = () => {
    if (B.ready !== null && B.timelineReady !== null) return;
    const now = performance.now();
    sample();
    const found = panels.map((p) => document.querySelector(`[data-testid="${p}-panel"]`));
    const timeline = found[panels.length - 1];
    if (
      B.timelineReady === null &&
      timeline &&
      !timeline.querySelector('[data-testid="skeleton"]') &&
      timeline.querySelector('[data-testid="timeline-item"]')
    ) {
      B.timelineReady = now;
    }
    const failed = found.filter((p) => p && p.querySelector('[data-testid="panel-error"]'));
    if (failed.length) {
      B.error = failed
        .map((p) => `${p.dataset.testid}: ${p.querySelector('[data-testid="panel-error"]').textContent.trim()}`)
        .join('; ');
    }
    if (
      B.ready === null &&
      found.every((p) => p && !p.querySelector('[data-testid="skeleton"]')) &&
      timeline.querySelector('[data-testid="timeline-item"]') &&
      document.querySelector('[data-testid="customer-panel"] [data-testid="customer-name"]')
    ) {
      B.ready = now;
      requestAnimationFrame(() => (B.readyFrame = performance.now()));
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
}

const browser = await launchChromium();

// Chromium's network emulation for the throttled first open: 40 ms of
// latency each way's round trip and 10 Mbit/s both ways.
const THROTTLED = { offline: false, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 10e6 / 8 };

async function freshPage({ holdApiMs = 0, network = null } = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  await context.addInitScript(instrument, PANELS);
  if (holdApiMs > 0) {
    // Every API request is held before it goes out, so no response can
    // arrive within the window: a request that starts only after another's
    // response shows as starting after that response's end.
    await context.route('**/api/**', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, holdApiMs));
      await route.continue();
    });
  }
  const page = await context.newPage();
  if (network) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', network);
  }
  return { context, page };
}

// Loads `url` in a fresh context and waits for `what` ('ready' or
// 'timelineReady'); returns what the page measured. `keep` keeps the page
// open (the caller closes its context); `holdApiMs` and `network` as for
// `freshPage`.
async function load(url, what = 'ready', { keep = false, holdApiMs = 0, network = null } = {}) {
  const { context, page } = await freshPage({ holdApiMs, network });
  try {
    await page.goto(url, { waitUntil: 'commit', timeout: WAIT_MS });
    await page.waitForFunction(
      (w) => window.__bench && (window.__bench[w] !== null || window.__bench.error),
      what,
      { timeout: WAIT_MS, polling: 50 },
    );
    // Let the heap sampler see the work that follows the first paint.
    await page.waitForTimeout(300);
    const result = await page.evaluate((panels) => {
      const B = window.__bench;
      B.stopSampling();
      const marks = {};
      for (const p of panels) {
        const m = performance.getEntriesByName(`customer-summary:${p}-loaded`, 'mark')[0];
        if (m) marks[p] = m.startTime;
      }
      const nav = performance.getEntriesByType('navigation')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      const resources = performance.getEntriesByType('resource').map((r) => ({
        url: r.name,
        start: r.startTime,
        end: r.responseEnd,
        type: r.initiatorType,
      }));
      return {
        ready: B.ready,
        readyFrame: B.readyFrame,
        timelineReady: B.timelineReady,
        error: B.error,
        marks,
        fcp: fcp ? fcp.startTime : null,
        domContentLoaded: nav ? nav.domContentLoadedEventEnd : null,
        load: nav ? nav.loadEventEnd : null,
        heapPeak: B.heapPeak,
        heapSamples: B.heapSamples,
        wasmMemory: B.wasmMemory ? B.wasmMemory.buffer.byteLength : null,
        wasmCompiled: B.wasmCompiled,
        html: nav ? nav.responseEnd : null,
        resources,
      };
    }, PANELS);
    if (result.error) throw new Error(`${url}: a panel failed: ${result.error}`);
    if (keep) return { result, context, page };
    return { result };
  } finally {
    if (!keep) await context.close();
  }
}

// ---------------------------------------------------------------- static page
// The app's rendered DOM for conversation 1 as a file: scripts, preloads and
// the wasm removed, its stylesheets kept.
async function captureStaticPage() {
  const { context, page } = await load(`${config.app}/?conversation=1`, 'ready', { keep: true });
  try {
    await page.waitForTimeout(500);
    const html = await page.evaluate(() => {
      // Form fields: their current values as markup (a textarea's text,
      // not the framework's comment markers).
      document.querySelectorAll('textarea').forEach((t) => (t.dataset.benchValue = t.value));
      document.querySelectorAll('input').forEach((i) => i.setAttribute('value', i.value));
      const root = document.documentElement.cloneNode(true);
      root.querySelectorAll('textarea').forEach((t) => {
        t.textContent = t.dataset.benchValue;
        delete t.dataset.benchValue;
      });
      root
        .querySelectorAll('script, link[rel="modulepreload"], link[rel="preload"], link[rel="prefetch"]')
        .forEach((e) => e.remove());
      return '<!DOCTYPE html>\n' + root.outerHTML;
    });
    writeFileSync(join(config.app_dir, STATIC_PAGE), html);
    return html.length;
  } finally {
    await context.close();
  }
}

// ------------------------------------------------------------------ waterfall
const PANEL_REQUESTS = {
  conversation: /\/api\/v1\/conversations\/1(\?|$)/,
  customer: /\/api\/v1\/conversations\/1\/customer(\?|$)/,
  case: /\/api\/v1\/conversations\/1\/case(\?|$)/,
  'recent-cases': /\/api\/v1\/conversations\/1\/recent-cases(\?|$)/,
  timeline: /\/api\/v1\/conversations\/1\/timeline(\?|$)/,
};

function waterfall(resources) {
  const path = (url) => {
    const u = new URL(url);
    return u.pathname + u.search;
  };
  const config = resources.find((r) => new URL(r.url).pathname.endsWith('/config.json'));
  const asset = (ext) => {
    const r = resources.find((x) => new URL(x.url).pathname.endsWith(ext));
    return r ? { start: r.start, end: r.end } : null;
  };
  const firsts = {};
  for (const [panel, re] of Object.entries(PANEL_REQUESTS)) {
    const r = resources
      .filter((x) => re.test(new URL(x.url).pathname + new URL(x.url).search))
      .sort((a, b) => a.start - b.start)[0];
    firsts[panel] = r ? { path: path(r.url), start: r.start, end: r.end } : null;
  }
  const list = Object.values(firsts);
  const complete = list.every(Boolean);
  const firstStart = complete ? Math.min(...list.map((r) => r.start)) : null;
  const lastStart = complete ? Math.max(...list.map((r) => r.start)) : null;
  const firstEnd = complete ? Math.min(...list.map((r) => r.end)) : null;
  const lastEnd = complete ? Math.max(...list.map((r) => r.end)) : null;
  return {
    js: asset('.js'),
    wasm: asset('.wasm'),
    config_json: config ? { start: config.start, end: config.end } : null,
    panels: firsts,
    parallel: complete && lastStart < firstEnd,
    after_config: complete && config ? list.every((r) => r.start >= config.end) : null,
    first_start: firstStart,
    last_start: lastStart,
    first_end: firstEnd,
    last_end: lastEnd,
    start_spread: complete ? lastStart - firstStart : null,
    api_requests: resources
      .filter((r) => new URL(r.url).pathname.startsWith('/api/'))
      .map((r) => ({ path: path(r.url), start: round(r.start), end: round(r.end) })),
  };
}

// ------------------------------------------------------------------- summary
// The first open's phases, each in ms since navigation start: the HTML in,
// config.json in, the wasm compiled and instantiated, the first panel
// request out, the last panel's first reply in, all five panels complete.
const PHASES = ['html', 'config', 'wasm_compiled', 'first_request', 'last_reply', 'complete'];
function phases(result, w, complete) {
  return {
    html: result.html,
    config: w.config_json?.end ?? null,
    wasm_compiled: result.wasmCompiled,
    first_request: w.first_start,
    last_reply: w.last_end,
    complete,
  };
}

async function summary() {
  log(`capturing the static page (${STATIC_PAGE})`);
  const staticBytes = await captureStaticPage();
  const app = [];
  const stat = [];
  const waterfalls = [];
  let source = null;
  // One warm-up of each, not counted: the server's caches and the OS's.
  await load(`${config.app}/?conversation=1`);
  await load(`${config.app}/${STATIC_PAGE}`);
  for (let i = 0; i < RUNS; i++) {
    const { result: a } = await load(`${config.app}/?conversation=1`);
    const haveMarks = PANELS.every((p) => a.marks[p] != null);
    const time = haveMarks ? Math.max(...PANELS.map((p) => a.marks[p])) : a.ready;
    source ??= haveMarks ? 'performance marks' : 'DOM check (no skeleton in any panel)';
    if (haveMarks !== (source === 'performance marks')) source = 'mixed: marks and DOM check';
    const w = waterfall(a.resources);
    app.push({ time, dom_ready: a.ready, frame: a.readyFrame, marks: a.marks, fcp: a.fcp, phases: phases(a, w, time) });
    waterfalls.push(w);
    const { result: s } = await load(`${config.app}/${STATIC_PAGE}`);
    stat.push({ time: s.ready, frame: s.readyFrame, fcp: s.fcp, load: s.load });
    log(`summary run ${i + 1}/${RUNS}: app ${round(time)} ms, static ${round(s.ready)} ms`);
  }
  // The causal check: with API responses held back, the five first
  // requests must still all start before any of them ends.
  const held = [];
  for (let i = 0; i < HELD_RUNS; i++) {
    const { result } = await load(`${config.app}/?conversation=1`, 'ready', { holdApiMs: HOLD_API_MS });
    held.push(waterfall(result.resources));
  }
  log(`waterfall with API responses held ${HOLD_API_MS} ms: ${held.filter((w) => w.parallel && w.after_config).length}/${HELD_RUNS} parallel`);
  const appMedian = median(app.map((r) => r.time));
  const staticMedian = median(stat.map((r) => r.time));
  // The waterfall of the run whose time is the median, for the offsets.
  const medianRun = app
    .map((r, i) => [Math.abs(r.time - appMedian), i])
    .sort((a, b) => a[0] - b[0])[0][1];
  return {
    summary: {
      runs: RUNS,
      source,
      static_page_bytes: staticBytes,
      app_ms: { median: round(appMedian), runs: app.map((r) => round(r.time)) },
      app_dom_ready_ms: { median: round(median(app.map((r) => r.dom_ready))) },
      app_fcp_ms: { median: round(median(app.map((r) => r.fcp).filter((x) => x != null))) },
      app_marks_median_ms: Object.fromEntries(
        PANELS.map((p) => [p, round(median(app.map((r) => r.marks[p]).filter((x) => x != null)))]),
      ),
      static_ms: { median: round(staticMedian), runs: stat.map((r) => round(r.time)) },
      // The first animation frame after the DOM check passed: when the
      // complete page is painted, the same definition for both.
      app_frame_ms: { median: round(median(app.map((r) => r.frame).filter((x) => x != null))) },
      static_frame_ms: { median: round(median(stat.map((r) => r.frame).filter((x) => x != null))) },
      static_fcp_ms: { median: round(median(stat.map((r) => r.fcp).filter((x) => x != null))) },
      ratio: round(appMedian / staticMedian, 2),
      // Each phase's median over the runs: its own median, so the phases
      // of one column need not add up to another's.
      phases_median_ms: Object.fromEntries(
        PHASES.map((p) => [p, round(median(app.map((r) => r.phases[p]).filter((x) => x != null)))]),
      ),
    },
    waterfall: {
      runs: waterfalls.length,
      parallel_runs: waterfalls.filter((w) => w.parallel).length,
      after_config_runs: waterfalls.filter((w) => w.after_config).length,
      ok_runs: waterfalls.filter((w) => w.parallel && w.after_config).length,
      held: {
        hold_ms: HOLD_API_MS,
        runs: held.length,
        ok_runs: held.filter((w) => w.parallel && w.after_config).length,
        start_spread_ms: round(median(held.map((w) => w.start_spread).filter((x) => x != null))),
        all: held.map((w) => ({
          parallel: w.parallel,
          after_config: w.after_config,
          first_start: round(w.first_start),
          last_start: round(w.last_start),
          first_end: round(w.first_end),
          panels: Object.fromEntries(
            Object.entries(w.panels).map(([k, r]) => [k, r && { start: round(r.start), end: round(r.end) }]),
          ),
        })),
      },
      start_spread_ms: { median: round(median(waterfalls.map((w) => w.start_spread).filter((x) => x != null))) },
      median_run: waterfalls[medianRun],
      all: waterfalls.map((w) => ({
        parallel: w.parallel,
        after_config: w.after_config,
        first_start: round(w.first_start),
        last_start: round(w.last_start),
        first_end: round(w.first_end),
      })),
    },
  };
}

// ------------------------------------------------------------------ timeline
async function timeline() {
  const cases = { items_10: 4, items_10000: 1 };
  const out = {};
  for (const key of Object.keys(cases)) out[key] = [];
  await load(`${config.app}/?conversation=4`, 'timelineReady');
  await load(`${config.app}/?conversation=1`, 'timelineReady');
  for (let i = 0; i < RUNS; i++) {
    for (const [key, conversation] of Object.entries(cases)) {
      const { result: r } = await load(`${config.app}/?conversation=${conversation}`, 'timelineReady');
      const time = r.marks.timeline ?? r.timelineReady;
      out[key].push({ time, heap: r.heapPeak, wasm: r.wasmMemory, source: r.marks.timeline != null ? 'mark' : 'dom' });
    }
    log(`timeline run ${i + 1}/${RUNS}: 10 items ${round(out.items_10.at(-1).time)} ms, 10,000 items ${round(out.items_10000.at(-1).time)} ms`);
  }
  const summarize = (runs) => ({
    first_page_ms: { median: round(median(runs.map((r) => r.time))), runs: runs.map((r) => round(r.time)) },
    peak_js_heap_bytes: { median: median(runs.map((r) => r.heap)), max: Math.max(...runs.map((r) => r.heap)) },
    wasm_memory_bytes: { median: median(runs.map((r) => r.wasm).filter((x) => x != null)) },
    source: runs.every((r) => r.source === 'mark') ? 'timeline performance mark' : 'DOM check',
  });
  const small = summarize(out.items_10);
  const large = summarize(out.items_10000);
  return {
    runs: RUNS,
    items_10: small,
    items_10000: large,
    time_ratio: round(large.first_page_ms.median / small.first_page_ms.median, 2),
    heap_ratio: round(large.peak_js_heap_bytes.median / small.peak_js_heap_bytes.median, 2),
    wasm_memory_ratio:
      small.wasm_memory_bytes.median && large.wasm_memory_bytes.median
        ? round(large.wasm_memory_bytes.median / small.wasm_memory_bytes.median, 2)
        : null,
  };
}

// -------------------------------------------------------------------- search
async function searchUi(base, label) {
  const { context, page } = await freshPage();
  const times = [];
  const counts = [];
  try {
    await page.goto(`${base}/?conversation=8`, { timeout: WAIT_MS });
    const box = page.getByRole('combobox', { name: 'Find a customer' });
    await box.waitFor({ state: 'visible', timeout: WAIT_MS });
    const options = page.locator('[role="option"]');
    // Two ASCII letters: typed as real key presses (keydown is the start).
    const queries = config.queries.ui.filter((q) => /^[a-z]{2}$/.test(q));
    for (let i = 0; i <= RUNS; i++) {
      const q = queries[i % queries.length];
      await box.fill('');
      await options.first().waitFor({ state: 'detached', timeout: WAIT_MS });
      await page.waitForTimeout(350); // past the debounce of anything pending
      await page.evaluate(() => {
        const B = window.__bench;
        B.lastKey = null;
        B.searchDone = new Promise((resolve) => {
          const observer = new MutationObserver(() => {
            const n = document.querySelectorAll('[role="option"]').length;
            if (n > 0) {
              observer.disconnect();
              resolve({ at: performance.now(), n });
            }
          });
          observer.observe(document.body, { childList: true, subtree: true });
        });
      });
      await box.focus();
      await page.keyboard.type(q);
      const r = await page.evaluate(
        (wait) =>
          Promise.race([
            window.__bench.searchDone.then((d) => ({ ...d, key: window.__bench.lastKey })),
            new Promise((resolve) => setTimeout(() => resolve(null), wait)),
          ]),
        WAIT_MS,
      );
      if (!r) throw new Error(`${label}: no results drawn for "${q}"`);
      if (r.key == null) throw new Error(`${label}: no keydown seen while typing "${q}"`);
      if (i > 0) {
        // The first query is a warm-up.
        times.push(r.at - r.key);
        counts.push(r.n);
      }
    }
  } finally {
    await context.close();
  }
  log(`search ${label}: keystroke to results, median ${round(median(times))} ms`);
  return { median_ms: round(median(times)), runs: times.map((t) => round(t)), options: counts };
}

// --------------------------------------------------------------- throttled
// The first open under Chromium's network emulation (THROTTLED), app and
// static page interleaved in the same run, cold cache each time.
async function throttled() {
  const app = [];
  const stat = [];
  for (let i = 0; i < RUNS; i++) {
    const { result: a } = await load(`${config.app}/?conversation=1`, 'ready', { network: THROTTLED });
    const haveMarks = PANELS.every((p) => a.marks[p] != null);
    app.push(haveMarks ? Math.max(...PANELS.map((p) => a.marks[p])) : a.ready);
    const { result: s } = await load(`${config.app}/${STATIC_PAGE}`, 'ready', { network: THROTTLED });
    stat.push(s.ready);
    log(`throttled run ${i + 1}/${RUNS}: app ${round(app.at(-1))} ms, static ${round(s.ready)} ms`);
  }
  const appMedian = median(app);
  const staticMedian = median(stat);
  return {
    network: { latency_ms: THROTTLED.latency, mbit_per_s: (THROTTLED.downloadThroughput * 8) / 1e6 },
    runs: RUNS,
    app_ms: { median: round(appMedian), runs: app.map((t) => round(t)) },
    static_ms: { median: round(staticMedian), runs: stat.map((t) => round(t)) },
    ratio: round(appMedian / staticMedian, 2),
  };
}

// ---------------------------------------------------------------------- main
// Each part is measured on its own: one that fails is recorded as an error
// and the others still run.
const results = {};
const errors = {};
async function part(name, run) {
  try {
    Object.assign(results, await run());
  } catch (error) {
    console.error(`!! ${name}: ${error.stack ?? error}`);
    errors[name] = String(error.message ?? error);
  }
}
try {
  await part('summary', summary);
  await part('throttled', async () => ({ throttled: await throttled() }));
  await part('timeline', async () => ({ timeline: await timeline() }));
  await part('search_ui', async () => {
    const ui = {
      contacts_1000: await searchUi(config.search_1k, '1,000 contacts'),
      contacts_100000: await searchUi(config.search_100k, '100,000 contacts'),
    };
    ui.ratio = round(ui.contacts_100000.median_ms / ui.contacts_1000.median_ms, 2);
    return { search_ui: ui };
  });
} finally {
  await browser.close();
}
if (Object.keys(errors).length) {
  results.errors = errors;
  process.exitCode = 1;
}
const outIndex = process.argv.indexOf('-o');
const text = JSON.stringify(results, null, 2) + '\n';
if (outIndex > 0) writeFileSync(process.argv[outIndex + 1], text);
else process.stdout.write(text);
