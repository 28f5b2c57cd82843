// What the page does when the world misbehaves: each kind of broken answer
// shows inside its panel and passes by itself, a slow backend keeps the
// skeletons and times out with a clear message, a backend stopped mid-session
// loses nothing, and hostile strings stay text.
import { test, expect, type Page, type Route } from '@playwright/test';
import { SummaryPage } from './summary_page';
import { ThrowawayServer } from './throwaway_server';

/** Fails the test on any uncaught error or crash in the page. */
function watchForCrashes(page: Page) {
  const crashes: string[] = [];
  page.on('pageerror', (error) => crashes.push(error.message));
  page.on('crash', () => crashes.push('the page crashed'));
  page.on('dialog', (dialog) => {
    crashes.push(`a script ran and opened a dialog: ${dialog.message()}`);
    dialog.dismiss();
  });
  return crashes;
}

const faults: [string, (route: Route) => Promise<void>][] = [
  ['a 500', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"boom"}}' })],
  ['truncated JSON', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"customer": {"kind": "con' })],
  ['malformed JSON', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{customer: nope}' })],
  ['the wrong content type', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<html><body>Login required</body></html>' })],
  ['a dropped connection', (route) => route.abort('connectionreset')],
];

for (const [fault, inject] of faults) {
  test(`${fault} shows inside its panel and passes by itself`, async ({ page }) => {
    const crashes = watchForCrashes(page);
    // The fault-injecting proxy: only the customer panel's endpoint misbehaves.
    await page.route('**/api/v1/conversations/1/customer', inject);
    const summary = new SummaryPage(page);
    await summary.open(1);

    await expect(summary.customer.getByTestId('panel-error')).toBeVisible();
    await expect(summary.customer.getByRole('alert')).not.toBeEmpty();
    await expect(summary.customer.getByTestId('panel-error')).toContainText('Trying again in');
    await expect(summary.case.getByTestId('case-number')).toBeVisible();
    await expect(summary.timeline.getByTestId('timeline-item').first()).toBeVisible();

    await page.unroute('**/api/v1/conversations/1/customer');
    await expect(summary.customer.getByTestId('customer-name')).toBeVisible({ timeout: 10_000 });
    expect(crashes).toEqual([]);
  });
}

test('a slow backend keeps the skeleton, then times out with a clear message', async ({ page }) => {
  const crashes = watchForCrashes(page);
  await page.route('**/config.json', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...(await response.json()), request_timeout_ms: 2000 } });
  });
  // The case endpoint never answers.
  await page.route('**/api/v1/conversations/1/case', () => {});
  const summary = new SummaryPage(page);
  await summary.open(1);
  await expect(summary.case.getByTestId('skeleton')).toBeVisible();
  await expect(summary.customer.getByTestId('customer-name')).toBeVisible();
  await expect(summary.case.getByRole('alert')).toHaveText('The server did not answer within 2 seconds.', {
    timeout: 5_000,
  });
  expect(crashes).toEqual([]);
});

test('a slow save is sent once however often Save is pressed', async ({ page }) => {
  let posts = 0;
  await page.route('**/api/v1/conversations/7/contacts', async (route) => {
    posts += 1;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  const summary = new SummaryPage(page);
  await summary.open(7);
  await summary.customer.getByRole('button', { name: '+ Add Contact' }).click();
  await summary.customer.getByLabel('Last name (required)').fill('Patience');
  const save = summary.customer.getByRole('button', { name: 'Save' });
  await save.click();
  await expect(summary.customer.getByRole('button', { name: 'Saving…' })).toBeDisabled();
  await summary.customer.getByLabel('Last name (required)').press('Enter');
  await expect(summary.customer.getByTestId('customer-name')).toHaveText('Patience');
  expect(posts).toBe(1);
});

test('a backend stopped mid-session loses nothing and is caught up with once it returns', async ({ page, request }) => {
  const server = new ThrowawayServer(8096, 'e2e-restart');
  const base = server.base;
  try {
    await server.start(request);
    const crashes = watchForCrashes(page);
    await page.goto(`${base}/?conversation=30`);
    const summary = new SummaryPage(page);
    await expect(summary.timeline.getByTestId('timeline-item').first()).toBeVisible();

    await server.stop();

    // While it is down: a note is saved (and fails), the timeline is switched.
    const text = `Written while the backend was down ${Date.now()}`;
    await summary.timeline.getByRole('textbox', { name: 'Note', exact: true }).fill(text);
    await summary.timeline.getByRole('button', { name: 'Save' }).click();
    await expect(summary.timeline).toContainText('Could not reach the server');
    await summary.timeline.getByLabel('Linked records').selectOption('case');
    await expect(summary.timeline.getByTestId('panel-error')).toContainText('Trying again in');
    await expect(page.getByTestId('customer-panel')).toBeVisible();

    await server.start(request);
    // Nothing pressed: the panel recovers and the note is stored, once.
    await expect(summary.timeline.getByTestId('panel-error')).toHaveCount(0, { timeout: 20_000 });
    await expect
      .poll(
        async () => {
          const page = await (await request.get(`${base}/api/v1/conversations/30/timeline?record=customer&types=note&q=${encodeURIComponent(text)}`)).json();
          return page.items.length;
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    expect(crashes).toEqual([]);
  } finally {
    await server.stop();
  }
});
