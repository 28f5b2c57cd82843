// The app embedded in the demo agent console, on two different origins:
// the console hands over the context and tokens, the app ignores every
// other sender, refuses to be framed elsewhere, and keeps tokens out of
// URLs, storage and server logs.
import { readFileSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { consolePort, port, secureConsolePort, securePort } from '../ports';
import { shownSummary } from './summary_page';

const appOrigin = `http://127.0.0.1:${port}`;
const consoleUrl = `http://127.0.0.1:${consolePort}/`;

function app(page: Page) {
  return shownSummary(page);
}

async function customerName(request: import('@playwright/test').APIRequestContext, base: string, id: number) {
  const { customer } = await (await request.get(`${base}/api/v1/conversations/${id}/customer`)).json();
  return customer.kind === 'contact' ? customer.full_name : customer.name;
}

test('the console hands the context to the app and switching session re-sends it', async ({ page, request }) => {
  // The case arrives well after the customer: the links are still reported
  // only once both are known.
  await page.route('**/api/v1/conversations/1/case', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    await route.continue();
  });
  await page.goto(consoleUrl);
  const frame = app(page);
  await expect(frame.getByTestId('customer-name')).toHaveText(await customerName(request, appOrigin, 1));
  await expect(page.getByRole('log')).toContainText('Conversation 1: customer contact 1, case 1');
  await expect(page.getByRole('log')).not.toContainText('Conversation 1: customer contact 1, no case');

  await page.getByRole('button', { name: /^3\. / }).click();
  await expect(frame.getByTestId('customer-name')).toHaveText(await customerName(request, appOrigin, 3));
  // The console switched session without reloading the app.
  expect(page.frames().find((f) => f.url().startsWith(appOrigin))?.url()).toContain('conversation=1');
  await expect(page.getByRole('log')).toContainText('Conversation 3: customer account');
});

test("embedded, the console decides: no inbox, and switching conversations adds nothing to the console's history", async ({
  page,
  request,
}) => {
  await page.goto(consoleUrl);
  const frame = app(page);
  await expect(frame.getByTestId('customer-name')).toHaveText(await customerName(request, appOrigin, 1));
  const entries = await page.evaluate(() => history.length);
  await page.getByRole('button', { name: /^3\. / }).click();
  await expect(frame.getByTestId('customer-name')).toHaveText(await customerName(request, appOrigin, 3));
  await page.getByRole('button', { name: /^1\. / }).click();
  await expect(frame.getByTestId('customer-name')).toHaveText(await customerName(request, appOrigin, 1));
  expect(await page.evaluate(() => history.length)).toBe(entries);
  const appFrame = page.frames().find((f) => f.url().startsWith(appOrigin))!;
  await expect(appFrame.getByTestId('inbox')).toHaveCount(0);
  await expect(appFrame.getByRole('link', { name: 'Inbox' })).toHaveCount(0);
});

test('the console sizes the frame to the content, as it grows and as it shrinks', async ({ page }) => {
  await page.goto(consoleUrl);
  const timeline = app(page).getByTestId('timeline-panel');
  const items = timeline.getByTestId('timeline-item');
  await expect(items).toHaveCount(10);
  const iframe = page.locator('#summary');
  const frameHeight = () => iframe.evaluate((element) => element.clientHeight);
  const contentHeight = () =>
    page
      .frames()
      .find((frame) => frame.url().startsWith(appOrigin))!
      .evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
  const fits = async () => Math.abs((await frameHeight()) - (await contentHeight())) <= 1;
  await expect.poll(fits).toBe(true);
  const loaded = await frameHeight();

  await timeline.getByRole('button', { name: 'Load more' }).click();
  await expect(items).toHaveCount(20);
  await expect.poll(frameHeight).toBeGreaterThan(loaded);
  await expect.poll(fits).toBe(true);
  const grown = await frameHeight();

  await timeline.getByRole('searchbox', { name: 'Search timeline' }).fill('no item says this');
  await expect(items).toHaveCount(0);
  await expect.poll(frameHeight).toBeLessThan(grown);
  await expect.poll(fits).toBe(true);
});

test('messages from other windows, other origins or of unknown shape change nothing', async ({ page, request }) => {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  await page.goto(consoleUrl);
  const frame = app(page);
  const first = await customerName(request, appOrigin, 1);
  await expect(frame.getByTestId('customer-name')).toHaveText(first);

  // From the app's own window: the wrong origin and not the parent.
  const appFrame = page.frames().find((f) => f.url().startsWith(appOrigin))!;
  await appFrame.evaluate(() =>
    window.postMessage({ type: 'customer-summary:context', version: 1, conversation_id: 3 }, '*'),
  );
  // From the console itself, but malformed, unknown or of another version.
  await page.evaluate((origin) => {
    const target = (document.getElementById('summary') as HTMLIFrameElement).contentWindow!;
    for (const message of [
      { type: 'customer-summary:context', version: 2, conversation_id: 3 },
      { type: 'customer-summary:context', version: 1, conversation_id: 3, api_base_url: 'https://evil.example' },
      { type: 'customer-summary:navigate', version: 1, url: 'https://evil.example' },
      'customer-summary:context',
    ]) {
      target.postMessage(message, origin);
    }
  }, appOrigin);

  await expect.poll(() => warnings.filter((w) => w.includes('Customer Summary ignored')).length).toBe(5);
  await expect(frame.getByTestId('customer-name')).toHaveText(first);
});

test('a page of another origin cannot frame the app', async ({ page }) => {
  await page.route('http://third-party.example/', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!DOCTYPE html><title>Not a console</title><iframe id="summary" src="${appOrigin}/?conversation=1"></iframe>`,
    }),
  );
  await page.goto('http://third-party.example/');
  await page.waitForTimeout(1500);
  await expect(app(page).getByTestId('customer-panel')).toHaveCount(0);
});

test('in secure mode a refused token is renewed, and tokens stay out of URLs, storage and logs', async ({ page }) => {
  const tokens: string[] = [];
  let calls = 0;
  await page.route(`http://127.0.0.1:${secureConsolePort}/token`, async (route) => {
    calls += 1;
    if (calls === 2) {
      // The first token the app receives is refused by the API (401).
      const refused = 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.refused-signature';
      tokens.push(refused);
      await route.fulfill({ json: { access_token: refused } });
      return;
    }
    const response = await route.fetch();
    const body = await response.json();
    tokens.push(body.access_token);
    await route.fulfill({ response, json: body });
  });
  await page.goto(`http://127.0.0.1:${secureConsolePort}/`);
  const frame = app(page);
  await expect(frame.getByTestId('customer-name')).toBeVisible({ timeout: 15_000 });
  await expect(frame.getByTestId('timeline-item').first()).toBeVisible();
  expect(calls).toBeGreaterThanOrEqual(3);

  const appFrame = page.frames().find((f) => f.url().startsWith(`http://127.0.0.1:${securePort}`))!;
  const stored = await appFrame.evaluate(() =>
    JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, url: location.href }),
  );
  const log = readFileSync('target/e2e-secure/server.log', 'utf8');
  for (const token of tokens) {
    expect(stored).not.toContain(token);
    expect(log).not.toContain(token);
    expect(log).not.toContain(token.split('.')[2]);
  }
  expect(log).toContain('401');
});

test('regression: embedded in secure mode, the first open waits for the console token instead of failing every panel with 401', async ({
  page,
}) => {
  // The bug: the app showed the iframe address's conversation at once, its
  // requests went out without a token, and each panel showed "not signed
  // in" until the console's context replaced the page.
  const refused: string[] = [];
  page.on('response', (response) => {
    if (response.url().startsWith(`http://127.0.0.1:${securePort}/api/`) && response.status() === 401) {
      refused.push(response.url());
    }
  });
  await page.addInitScript(() => {
    const seen = ((window as unknown as { panelErrors: string[] }).panelErrors = []);
    new MutationObserver(() => {
      for (const error of document.querySelectorAll('[data-testid="panel-error"]')) seen.push(error.textContent ?? '');
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`http://127.0.0.1:${secureConsolePort}/`);
  const frame = app(page);
  await expect(frame.getByTestId('customer-name')).toBeVisible({ timeout: 15_000 });
  await expect(frame.getByTestId('timeline-item').first()).toBeVisible();
  await expect(frame.getByTestId('signed-in-as')).toContainText('Signed in as');
  const appFrame = page.frames().find((f) => f.url().startsWith(`http://127.0.0.1:${securePort}`))!;
  expect(await appFrame.evaluate(() => (window as unknown as { panelErrors: string[] }).panelErrors)).toEqual([]);
  expect(refused).toEqual([]);
});

test('regression: a switch in the console asks who is signed in once, not once more for the page it replaces', async ({
  page,
  request,
}) => {
  const asked: string[] = [];
  page.on('request', (sent) => {
    if (sent.url() === `${appOrigin}/api/v1/me`) asked.push(sent.url());
  });
  await page.goto(consoleUrl);
  const frame = app(page);
  await expect(frame.getByTestId('customer-name')).toHaveText(await customerName(request, appOrigin, 1));
  await page.waitForTimeout(500);
  asked.length = 0;
  await page.getByRole('button', { name: /^3\. / }).click();
  await expect(frame.getByTestId('customer-name')).toHaveText(await customerName(request, appOrigin, 3));
  await page.waitForTimeout(500);
  // The console sends a fresh token with the context: one question, for it.
  expect(asked).toHaveLength(1);
});

test('a switch keeps the conversation shown until the next one is ready, and shows its skeletons only after 100 ms', async ({
  page,
  request,
}) => {
  // Every request of conversation 3 is held, so the next page cannot be
  // ready before the wait is over.
  await page.route(`${appOrigin}/api/v1/conversations/3**`, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  await page.addInitScript(() => {
    if (!location.search.includes('conversation=')) return; // the console itself
    const log = ((window as unknown as { switchLog: object[] }).switchLog = []);
    window.addEventListener(
      'message',
      (event) => event.data?.conversation_id === 3 && log.push({ at: performance.now(), context: true }),
      true,
    );
    new MutationObserver(() => {
      const shown = document.querySelector('[data-testid="summary-page"]:not([hidden])');
      log.push({
        at: performance.now(),
        customer: shown?.querySelector('[data-testid="customer-name"]')?.textContent ?? null,
        skeletons: shown?.querySelectorAll('[data-testid="skeleton"]').length ?? 0,
      });
    }).observe(document, { childList: true, subtree: true, attributes: true });
  });
  const [first, next] = [await customerName(request, appOrigin, 1), await customerName(request, appOrigin, 3)];
  await page.goto(consoleUrl);
  const frame = app(page);
  await expect(frame.getByTestId('customer-name')).toHaveText(first);
  await expect(frame.getByTestId('timeline-item').first()).toBeVisible();
  await page.getByRole('button', { name: /^3\. / }).click();
  await expect(frame.getByTestId('customer-name')).toHaveText(next);
  await expect(frame.getByTestId('skeleton')).toHaveCount(0);

  const appFrame = page.frames().find((f) => f.url().startsWith(appOrigin))!;
  type Entry = { at: number; context?: boolean; customer?: string | null; skeletons?: number };
  const log = (await appFrame.evaluate(() => (window as unknown as { switchLog: object[] }).switchLog)) as Entry[];
  const context = log.find((entry) => entry.context);
  expect(context, 'the context for conversation 3 arrived').toBeDefined();
  const after = log.filter((entry) => !entry.context && entry.at >= context!.at);
  const firstSkeleton = after.find((entry) => entry.skeletons! > 0);
  // The held replies made the next page show with skeletons, but not sooner
  // than the wait (a timer may fire late, never early).
  expect(firstSkeleton, 'skeletons shown while the replies were held').toBeDefined();
  expect(firstSkeleton!.at - context!.at).toBeGreaterThanOrEqual(95);
  // Until then the previous conversation stayed, whole; never both.
  for (const entry of after.filter((e) => e.at < firstSkeleton!.at)) expect(entry.customer).toBe(first);
  expect(after.some((entry) => entry.customer === first && entry.skeletons! > 0)).toBe(false);
});
