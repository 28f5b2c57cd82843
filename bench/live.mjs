// Live updates under load: from one agent's note to another agent's open
// page showing it, with 200 scripted event streams open meanwhile, and the
// server's memory per open stream. Two real pages in the demo console
// (Writer and Watcher, on one conversation); the writer adds each note
// with the quick-note form, timed from its Save click to the note drawn in
// the watcher's timeline (both on the browser's clock). The server's
// memory per stream is what its resident memory grows by when 200 more
// streams open on top of the first 200. The scripted
// clients each sign in as an agent of their own (static tokens) and read
// their conversation's stream; a third of them are on the pages'
// conversation, so each note reaches them too. The server must run with
// `--auth tokens`, those tokens and the demo console.
//
//   node bench/live.mjs CONFIG.json OUT.json
//
// CONFIG: {"app", "console", "pid", "conversation", "writes",
//          "stream_tokens": [...], "writer": NAME, "watcher": NAME}
import { readFileSync, writeFileSync } from 'node:fs';
import { launchChromium, percentile, round } from './common.mjs';

const [configPath, out] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configPath, 'utf8'));
const log = (...args) => console.error('   ', ...args);

/** The server's resident memory, in bytes (Linux). */
function rss(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)[1]) * 1024;
}

const settle = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * Opens `tokens.length` streams, one per token, ten at a time (a burst of
 * hundreds at once would measure the burst's buffers, not the streams);
 * resolves once all answer.
 */
async function openStreams(tokens) {
  const controller = new AbortController();
  const open = async (token, i) => {
    // A third on the pages' conversation, the rest spread over the others.
    const conversation = i % 3 === 0 ? config.conversation : 1 + (i % 30);
    const response = await fetch(`${config.app}/api/v1/conversations/${conversation}/events`, {
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    if (response.status !== 200) throw new Error(`stream ${i}: HTTP ${response.status}`);
    // Read as a client would, and dropped.
    response.body.pipeTo(new WritableStream()).catch(() => {});
  };
  for (let i = 0; i < tokens.length; i += 10) {
    await Promise.all(tokens.slice(i, i + 10).map((token, j) => open(token, i + j)));
  }
  return { count: tokens.length, close: () => controller.abort() };
}

const browser = await launchChromium();

/** The console signed in as `agent` on the benchmark's conversation; its app's frame. */
async function consoleAs(agent) {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
  await page.goto(config.console);
  await page.getByLabel('Signed in as').selectOption({ label: agent });
  await page.getByRole('button', { name: new RegExp(`^${config.conversation}\\. `) }).click();
  const app = page.frameLocator('#summary');
  await app.getByTestId('timeline-item').first().waitFor();
  await app.getByTestId('signed-in-as').filter({ hasText: agent }).waitFor();
  const frame = page.frames().find((f) => f.url().startsWith(`${config.app}/`));
  return { page, app, frame };
}

/** Requests with the concurrency of the streams' reads, so that the
 * server's database pool has grown before its memory is measured. */
async function warmUp() {
  const headers = { authorization: `Bearer ${config.stream_tokens[0]}` };
  await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      for (let n = 0; n < 10; n += 1) {
        const response = await fetch(`${config.app}/api/v1/conversations/${1 + ((i + n) % 30)}`, { headers });
        await response.arrayBuffer();
      }
    }),
  );
}

try {
  await warmUp();
  await settle(1000);
  const before = rss(config.pid);
  const streams = await openStreams(config.stream_tokens);
  await settle(2000);
  const with200 = rss(config.pid);
  // The first streams also grow what the server keeps once (its database
  // pool's connections and their caches): the cost of one more stream is
  // what a second batch adds.
  const more = await openStreams(config.stream_tokens);
  await settle(2000);
  const with400 = rss(config.pid);
  more.close();
  const perStream = (with400 - with200) / more.count;
  const mib = (bytes) => (bytes / 1048576).toFixed(1);
  log(`server RSS: ${mib(before)} MiB, ${mib(with200)} MiB with 200 streams, ${mib(with400)} MiB with 400`);

  const writer = await consoleAs(config.writer);
  const watcher = await consoleAs(config.watcher);
  // The watcher's page notes when each text first appears in its timeline.
  await watcher.frame.evaluate(() => {
    window.__seen = {};
    new MutationObserver(() => {
      const at = performance.timeOrigin + performance.now();
      for (const item of document.querySelectorAll('[data-testid="timeline-item"]')) {
        const match = /live-bench-\d+-\d+/.exec(item.textContent);
        if (match && !(match[0] in window.__seen)) window.__seen[match[0]] = at;
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  const noteText = writer.app.getByTestId('timeline-panel').getByRole('textbox', { name: 'Note', exact: true });
  const latencies = [];
  const run = Date.now();
  for (let n = 0; n < config.writes; n += 1) {
    const text = `live-bench-${run}-${n}`;
    await noteText.fill(text);
    // A DOM click, timed on the page's clock as it is dispatched.
    const sent = await writer.frame.evaluate(() => {
      const panel = document.querySelector('[data-testid="timeline-panel"]');
      const save = [...panel.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Save');
      const at = performance.timeOrigin + performance.now();
      save.click();
      return at;
    });
    const seen = await watcher.frame
      // Polled by timer: a page in the background gets no animation frames.
      .waitForFunction((t) => window.__seen[t], text, { timeout: 10_000, polling: 50 })
      .then((handle) => handle.jsonValue());
    latencies.push(seen - sent);
    await settle(100);
  }
  latencies.sort((a, b) => a - b);
  const result = {
    writes: latencies.length,
    streams: streams.count,
    p50_ms: round(percentile(latencies, 50)),
    p99_ms: round(percentile(latencies, 99)),
    max_ms: round(latencies.at(-1)),
    rss_before_bytes: before,
    rss_with_200_streams_bytes: with200,
    rss_with_400_streams_bytes: with400,
    bytes_per_stream: Math.round(perStream),
  };
  log(`write → other page: p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms over ${result.writes} notes`);
  log(`memory per open stream: ${(perStream / 1024).toFixed(1)} KiB`);
  streams.close();
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
} finally {
  await browser.close();
}
