// The Timeline panel against the real server: the Linked records selector,
// paging through contact 1's 10,000 items, the type filter, the search, and
// quick notes — saved at once, and kept and saved exactly once when the
// backend is down or its answer is lost. Conversation 1 is only read; notes
// are added to conversation 3's account and conversation 4's contact, with
// texts unique to each run.
import { test, expect, type APIRequestContext } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { SummaryPage, TimelinePanel } from './summary_page';

type Item = { id: number; kind: string; title: string; body: string };
type Page = { items: Item[]; next_cursor: string | null };

async function timelineOf(request: APIRequestContext, conversation: number, query: string) {
  const response = await request.get(`/api/v1/conversations/${conversation}/timeline?${query}`);
  expect(response.ok()).toBeTruthy();
  return (await response.json()) as Page;
}

/** The element ids of a page's bodies, as the panel renders them. */
function bodyIds(page: Page): string[] {
  return page.items.map((item) => `timeline-item-${item.id}-body`);
}

async function open(page: import('@playwright/test').Page, conversation: number) {
  const summary = new SummaryPage(page);
  await summary.open(conversation);
  const timeline = new TimelinePanel(summary.timeline);
  await expect(timeline.items.first()).toBeVisible();
  return timeline;
}

test('Linked records switches between the contact and the case', async ({ page, request }) => {
  const contact = await timelineOf(request, 1, 'limit=10&record=customer');
  const caseTimeline = await timelineOf(request, 1, 'limit=10&record=case');
  const timeline = await open(page, 1);
  await expect(timeline.linkedRecords.locator('option')).toHaveText([/^Contact: /, /^Case: /]);
  await expect.poll(() => timeline.ids()).toEqual(bodyIds(contact));

  await timeline.linkedRecords.selectOption('case');
  await expect.poll(() => timeline.ids()).toEqual(bodyIds(caseTimeline));
  await expect(timeline.items.first()).toContainText(caseTimeline.items[0].title);

  await timeline.linkedRecords.selectOption('contact');
  await expect.poll(() => timeline.ids()).toEqual(bodyIds(contact));
});

test('Load more pages through the 10,000 items of the contact, ten at a time', async ({ page }) => {
  const timeline = await open(page, 1);
  await expect(timeline.items).toHaveCount(10);
  for (const count of [20, 30, 40]) {
    await timeline.loadMore.click();
    await expect(timeline.items).toHaveCount(count);
  }
  const ids = await timeline.ids();
  expect(new Set(ids).size).toBe(40);
  await expect(timeline.loadMore).toBeVisible();
});

test('the type filter shows only the chosen types', async ({ page, request }) => {
  const all = await timelineOf(request, 1, 'limit=10');
  const emails = await timelineOf(request, 1, 'limit=10&types=email');
  const emailsAndCalls = await timelineOf(request, 1, 'limit=20&types=email,phone_call');
  expect(emailsAndCalls.items.map((item) => item.kind)).toContain('phone_call');
  const timeline = await open(page, 1);

  const email = timeline.typeFilter('Email');
  await expect(email).toHaveAttribute('aria-pressed', 'false');
  await email.press('Enter');
  await expect(email).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => timeline.ids()).toEqual(bodyIds(emails));
  expect(await timeline.kinds()).toEqual(Array(10).fill('email'));

  await timeline.typeFilter('Phone call').click();
  const firstTwenty = bodyIds(emailsAndCalls);
  await expect.poll(() => timeline.ids()).toEqual(firstTwenty.slice(0, 10));
  await timeline.loadMore.click();
  await expect.poll(() => timeline.ids()).toEqual(firstTwenty);
  for (const kind of await timeline.kinds()) {
    expect(['email', 'phone_call']).toContain(kind);
  }

  // None pressed shows every type again.
  await timeline.typeFilter('Email').click();
  await timeline.typeFilter('Phone call').click();
  await expect.poll(() => timeline.ids()).toEqual(bodyIds(all));
});

test('the search finds what the server finds', async ({ page, request }) => {
  const first = await timelineOf(request, 1, 'limit=10');
  // A word of a title on the first page, searched for in capitals.
  const words = first.items[3].title.split(/[^A-Za-z]+/).filter((w) => w.length >= 4);
  const term = words.sort((a, b) => b.length - a.length)[0].toUpperCase();
  const found = await timelineOf(request, 1, `limit=10&q=${encodeURIComponent(term)}`);
  expect(found.items.length).toBeGreaterThan(0);

  const timeline = await open(page, 1);
  await timeline.search.fill(term);
  await expect.poll(() => timeline.ids()).toEqual(bodyIds(found));
  await expect(timeline.items.first()).toContainText(found.items[0].title);
  await expect(timeline.search).toHaveValue(term);
  await expect(timeline.search).toBeFocused();

  await timeline.search.fill('');
  await expect.poll(() => timeline.ids()).toEqual(bodyIds(first));
});

test('a quick note is shown first at once and stays first once saved', async ({ page, request }) => {
  const text = `Customer prefers a call after 5 pm — ${Date.now()} 🎉 <b>not bold</b>`;
  const timeline = await open(page, 4);
  await timeline.noteTitle.fill('Call-back time');
  await timeline.noteText.fill(text);
  await timeline.noteText.press('Control+Enter');

  await expect(timeline.items.first()).toContainText(text);
  await expect(timeline.items.first().getByRole('status')).toHaveCount(0);
  await expect(timeline.items.first()).toContainText('Call-back time');
  await expect(timeline.noteText).toHaveValue('');

  const notes = await timelineOf(request, 4, 'limit=10&types=note');
  expect(notes.items[0].body).toBe(text);
  await page.reload();
  await expect(timeline.items.first()).toContainText(text);
});

// Regression: a note saved without a title showed its text twice, once as
// the title the server derives from its first line and again as the body.
test('a note saved without a title shows its text once', async ({ page }) => {
  const text = `Left a voicemail about the return label — ${Date.now()}`;
  const timeline = await open(page, 4);
  await timeline.noteText.fill(text);
  await timeline.save.click();
  // Stored: the entry is the server's, with its id.
  const saved = timeline.item(text).filter({ has: page.locator('p[id^="timeline-item-"]') });
  await expect(saved).toBeVisible();
  const occurrences = async () => (await saved.innerText()).split(text).length - 1;
  expect(await occurrences()).toBe(1);
  await page.reload();
  await expect(saved).toBeVisible();
  expect(await occurrences()).toBe(1);
});

test('a note saved while the backend is down is kept across a reload and saved once on Retry', async ({
  page,
  request,
}) => {
  const text = `Refund goes to the card ending 4242 — ${Date.now()}`;
  const timeline = await open(page, 3);

  // The draft is kept while typing: a reload brings it back.
  await timeline.noteTitle.fill('Refund card');
  await timeline.noteText.fill(text);
  await page.reload();
  await expect(timeline.noteTitle).toHaveValue('Refund card');
  await expect(timeline.noteText).toHaveValue(text);

  // Backend down: the notes endpoint cannot be reached.
  let refused = 0;
  await page.route('**/api/v1/records/**', (route) => {
    refused += 1;
    return route.abort();
  });
  await timeline.save.click();
  const kept = timeline.item(text);
  await expect(kept.getByRole('alert')).toContainText('Not saved');
  await expect(kept.getByRole('button', { name: 'Retry' })).toBeVisible();

  await page.reload();
  refused = 0;
  await expect(kept.getByRole('alert')).toContainText('Not saved');
  await expectNoAxeViolations(page, { include: '[data-testid=timeline-panel]' });
  // The page retries by itself, waiting longer each time: after its third
  // attempt since the reload it waits four seconds, in which the agent's
  // Retry is the one that saves it.
  await expect.poll(() => refused, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);

  await page.unroute('**/api/v1/records/**');
  await kept.getByRole('button', { name: 'Retry' }).click();
  await expect(kept.getByRole('alert')).toHaveCount(0);
  await expect(kept.getByRole('status')).toHaveCount(0);
  await expect(timeline.items.first()).toContainText(text);

  const found = await timelineOf(request, 3, `limit=50&types=note&q=${encodeURIComponent(text)}`);
  expect(found.items.filter((item) => item.body === text)).toHaveLength(1);
});

test('a note whose answer was lost is stored once however often it is retried', async ({
  page,
  request,
}) => {
  const text = `Answer lost in transit — ${Date.now()}`;
  const timeline = await open(page, 4);
  const keys: string[] = [];
  // The note reaches the server, but its answer never reaches the page.
  await page.route('**/api/v1/records/**', async (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    await route.fetch();
    await route.abort();
  });
  await timeline.noteText.fill(text);
  await timeline.save.click();
  const kept = timeline.item(text);
  await expect(kept.getByRole('alert')).toContainText('Not saved');
  await kept.getByRole('button', { name: 'Retry' }).click();
  await expect(kept.getByRole('alert')).toContainText('Not saved');

  await page.unroute('**/api/v1/records/**');
  await kept.getByRole('button', { name: 'Retry' }).click();
  await expect(kept.getByRole('alert')).toHaveCount(0);
  await expect(timeline.items.first()).toContainText(text);
  expect(keys).toHaveLength(2);
  expect(new Set(keys).size).toBe(1);

  const found = await timelineOf(request, 4, `limit=50&types=note&q=${encodeURIComponent(text)}`);
  expect(found.items.filter((item) => item.body === text)).toHaveLength(1);
});
