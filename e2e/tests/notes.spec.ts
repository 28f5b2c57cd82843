// Quick notes that cannot be lost, against the real server: two tabs on one
// record, offline, each with a note (the first closed before the network
// returns); a browser whose storage is full; and a note the server refuses
// for good. Notes go to conversation 4's contact and conversation 3's
// timeline, with texts unique to each run.
import { test, expect, type APIRequestContext, type Page } from '@playwright/test';
import { SummaryPage, TimelinePanel } from './summary_page';

const NOTES = '**/api/v1/records/**/notes';

async function stored(request: APIRequestContext, conversation: number, text: string) {
  const response = await request.get(
    `/api/v1/conversations/${conversation}/timeline?limit=50&types=note&q=${encodeURIComponent(text)}`,
  );
  const page = (await response.json()) as { items: { body: string }[] };
  return page.items.filter((item) => item.body === text).length;
}

async function open(page: Page, conversation: number) {
  const summary = new SummaryPage(page);
  await summary.open(conversation);
  const timeline = new TimelinePanel(summary.timeline);
  await expect(timeline.items.first()).toBeVisible();
  return timeline;
}

/** The notes endpoint unreachable from `page`, as when its network is down. */
async function offline(page: Page) {
  await page.route(NOTES, (route) => route.abort());
}

async function saveOffline(page: Page, timeline: TimelinePanel, text: string) {
  await offline(page);
  await timeline.noteText.fill(text);
  await timeline.save.click();
  await expect(timeline.item(text).getByRole('alert')).toContainText('Not saved');
}

// Regression: each tab rewrote the record's whole list of pending notes, so
// the tab saving last dropped the other's note from storage.
test('two tabs offline each keep their note; both are stored exactly once', async ({ context, request }) => {
  const run = Date.now();
  const [first, second] = [`First tab's note — ${run}`, `Second tab's note — ${run}`];
  const tabA = await context.newPage();
  const tabB = await context.newPage();
  const timelineA = await open(tabA, 4);
  const timelineB = await open(tabB, 4);
  await offline(tabB);
  await saveOffline(tabA, timelineA, first);
  await saveOffline(tabB, timelineB, second);
  // Each tab learns of the other's note through storage.
  await expect(timelineB.item(first)).toBeVisible();

  await tabA.close();
  await tabB.unroute(NOTES);
  await tabB.reload();
  for (const text of [first, second]) {
    // Shown, then saved: neither sending nor refused.
    await expect(timelineB.item(text)).toBeVisible();
    await expect(timelineB.item(text).getByRole('alert')).toHaveCount(0);
    await expect(timelineB.item(text).getByRole('status')).toHaveCount(0);
  }
  await expect.poll(() => stored(request, 4, first)).toBe(1);
  await expect.poll(() => stored(request, 4, second)).toBe(1);
  // Polled: the server stores a note before the tab has its reply and
  // forgets the note (CI once read storage in between).
  await expect
    .poll(() => tabB.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('pending-note'))))
    .toEqual([]);
});

test('two tabs that both send the same note store it once', async ({ context, request }) => {
  const text = `Sent by two tabs at once — ${Date.now()}`;
  const tabA = await context.newPage();
  const tabB = await context.newPage();
  const timelineA = await open(tabA, 4);
  const timelineB = await open(tabB, 4);
  const keys: string[] = [];
  for (const tab of [tabA, tabB]) {
    // Both tabs hold the note back until both have it, then send together.
    await tab.route(NOTES, async (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      await expect.poll(() => keys.length).toBe(2);
      await route.continue();
    });
  }
  await timelineA.noteText.fill(text);
  await timelineA.save.click();
  await expect(timelineB.item(text)).toBeVisible();
  await expect.poll(() => keys.length).toBe(2);
  expect(keys[0]).toBe(keys[1]);
  for (const timeline of [timelineA, timelineB]) {
    await expect(timeline.item(text).getByRole('status')).toHaveCount(0);
  }
  await expect.poll(() => stored(request, 4, text)).toBe(1);
});

test('with storage full the form says notes last only until the page closes, and they are still saved', async ({
  page,
  request,
}) => {
  const text = `Saved although storage is full — ${Date.now()}`;
  const timeline = await open(page, 3);
  await expect(page.getByTestId('notes-not-kept')).toHaveCount(0);
  // Filled to the last character: ever smaller fillers until none fits.
  await page.evaluate(() => {
    let i = 0;
    for (let size = 1 << 20; size >= 1; size >>= 1) {
      const chunk = 'x'.repeat(size);
      try {
        for (;;) localStorage.setItem(`filler-${i++}`, chunk);
      } catch {
        // Full at this size: try a smaller one.
      }
    }
  });
  await saveOffline(page, timeline, text);
  await expect(page.getByTestId('notes-not-kept')).toContainText('lasts only until this page closes');
  await timeline.noteText.fill('A draft the browser cannot keep');
  await page.unroute(NOTES);
  await timeline.item(text).getByRole('button', { name: 'Retry' }).click();
  await expect(timeline.item(text).getByRole('alert')).toHaveCount(0);
  await expect.poll(() => stored(request, 3, text)).toBe(1);
  // Reloaded with storage still full: what was only in memory is gone, and
  // the form says so again as soon as it cannot keep a draft.
  await page.reload();
  await expect(timeline.noteText).toHaveValue('');
  await timeline.noteText.fill('Typed after the reload');
  await expect(page.getByTestId('notes-not-kept')).toBeVisible();
  await page.evaluate(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('filler-')) localStorage.removeItem(key);
  });
});

// The server answers 409 only to conflicts this API cannot produce for a
// note yet; the route stands in for it.
test('a note the server refuses for good can be edited again or discarded, and is not retried', async ({ page }) => {
  const text = `Refused for good — ${Date.now()}`;
  const timeline = await open(page, 4);
  let attempts = 0;
  await page.route(NOTES, (route) => {
    attempts += 1;
    return route.fulfill({
      status: 409,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'conflict', message: 'The record was merged into another.' } }),
    });
  });
  await timeline.noteText.fill(text);
  await timeline.save.click();
  const refused = timeline.item(text);
  await expect(refused.getByRole('alert')).toContainText('The record was merged into another.');
  await expect(refused.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await page.waitForTimeout(2500);
  expect(attempts).toBe(1);

  // Still refused after a reload, and still not sent again.
  await page.reload();
  await expect(refused.getByRole('alert')).toContainText('refused');
  expect(attempts).toBe(1);

  await refused.getByRole('button', { name: 'Edit' }).click();
  await expect(timeline.noteText).toHaveValue(text);
  await expect(timeline.noteText).toBeFocused();
  await expect(refused).toHaveCount(0);

  await timeline.save.click();
  await expect(refused.getByRole('alert')).toContainText('refused');
  await refused.getByRole('button', { name: 'Discard' }).click();
  await expect(refused).toHaveCount(0);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('pending-note')))).toEqual([]);
  expect(attempts).toBe(2);
});
