// Data before code: index.html asks for the summary's first replies while
// the wasm downloads, and the app adopts them. The wasm is held back here
// so that "before" is certain, not a matter of timing.
import { test, expect, type Page } from '@playwright/test';
import { shownSummary, SummaryPage } from './summary_page';
import { consolePort } from '../ports';

const CONVERSATION = 2;

/** The paths index.html asks for early, for conversation `id`. */
const early = (id: number) => [
  `/api/v1/conversations/${id}`,
  `/api/v1/conversations/${id}/customer`,
  `/api/v1/conversations/${id}/case`,
  `/api/v1/conversations/${id}/recent-cases?limit=4`,
  `/api/v1/conversations/${id}/timeline?limit=10`,
];

/** Counts the page's requests by path and query; notes when the wasm was served. */
function watch(page: Page) {
  const requests: { path: string; at: number }[] = [];
  let wasmServedAt = Infinity;
  page.on('request', (request) => {
    const url = new URL(request.url());
    requests.push({ path: url.pathname + url.search, at: Date.now() });
  });
  const holdWasm = page.route('**/*.wasm', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 700));
    wasmServedAt = Date.now();
    await route.continue();
  });
  return {
    holdWasm,
    count: (path: string) => requests.filter((r) => r.path === path).length,
    wasmServed: () => wasmServedAt !== Infinity,
    askedBeforeWasm: (path: string) => requests.some((r) => r.path === path && r.at < wasmServedAt),
  };
}

test('the first replies are asked for while the wasm downloads, each once', async ({ page }) => {
  const requests = watch(page);
  await requests.holdWasm;
  const summary = new SummaryPage(page);
  await summary.open(CONVERSATION);
  await summary.expectLoaded();
  for (const path of early(CONVERSATION)) {
    expect(requests.askedBeforeWasm(path), `${path} asked for before the wasm`).toBe(true);
    expect(requests.count(path), `${path} asked for once`).toBe(1);
  }
});

test('a panel whose early reply failed asks again, and shows its data', async ({ page }) => {
  const requests = watch(page);
  await requests.holdWasm;
  const casePath = `/api/v1/conversations/${CONVERSATION}/case`;
  let failed = false;
  await page.route(`**${casePath}`, async (route) => {
    if (failed) return route.continue();
    failed = true;
    // The failure: the connection drops before any answer.
    await route.abort('connectionreset');
  });
  const summary = new SummaryPage(page);
  await summary.open(CONVERSATION);
  await summary.expectLoaded();
  expect(requests.count(casePath)).toBe(2);
});

test('embedded in a console, nothing is asked for early: the console decides', async ({ page }) => {
  const requests = watch(page);
  await requests.holdWasm;
  // The demo console frames the app at ?conversation=1.
  await page.goto(`http://127.0.0.1:${consolePort}/`);
  await expect.poll(() => requests.wasmServed()).toBe(true);
  await expect(shownSummary(page).getByTestId('customer-name')).toBeVisible();
  for (const path of early(1)) expect(requests.askedBeforeWasm(path), path).toBe(false);
});
