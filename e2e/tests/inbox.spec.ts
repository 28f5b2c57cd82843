// The agent's inbox in a browser tab, against the real server: waiting and
// active conversations, a new one from a channel appearing without a
// reload, Accept from the list, the keyboard, and the app's addresses
// (deep links, reload, Back and Forward, the old ?conversation=, unknown
// paths). Conversations are opened through the intake API with titles of
// their own, so other tests' changes to the seed do not matter here.
import { test, expect, type APIRequestContext, type Page } from '@playwright/test';
import { CHANNEL_KEY, consolePort } from '../ports';
import { expectNoAxeViolations } from './axe';
import { SummaryPage } from './summary_page';

const channel = { authorization: `Bearer ${CHANNEL_KEY}` };

/** Opens a chat through the intake API; it waits in the queue. */
async function openChat(request: APIRequestContext, title: string) {
  const response = await request.post('/api/v1/intake/conversations', {
    headers: channel,
    data: { channel: 'chat', title, queue: 'Returns', skills: ['English'] },
  });
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { id: number }).id;
}

function section(page: Page, name: 'Waiting' | 'Active') {
  return page.getByRole('region', { name: new RegExp(`^${name}`) });
}

function row(page: Page, name: 'Waiting' | 'Active', title: string) {
  return section(page, name).getByTestId('inbox-row').filter({ hasText: title });
}

test('a conversation from a channel appears in the inbox without a reload, its waiting time running', async ({
  page,
  request,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
  await expect(page).toHaveTitle('Inbox');
  await expect(section(page, 'Waiting').getByTestId('inbox-row').first()).toBeVisible();

  const title = `Parcel never came <b>${Date.now()}</b>`;
  const id = await openChat(request, title);
  // Polled every 0.8 s: within a second here; 3 s so a loaded CI run cannot flake.
  const waiting = row(page, 'Waiting', title);
  await expect(waiting).toBeVisible({ timeout: 3_000 });
  await expect(waiting.getByRole('link', { name: title })).toHaveAttribute('href', `/conversations/${id}`);
  await expect(waiting.locator('b')).toHaveCount(0);
  await expect(waiting).toContainText('Live chat');
  await expect(waiting).toContainText('Not recognised');
  const time = waiting.getByTestId('inbox-waiting');
  await expect(time).toHaveText(/^Waiting /);
  const before = await time.textContent();
  await expect(time).not.toHaveText(before!, { timeout: 3_000 });
});

test('Accept from the list opens the summary; back in the inbox the conversation is active and yours', async ({
  page,
  request,
}) => {
  const title = `Wrong size delivered ${Date.now()}`;
  const id = await openChat(request, title);
  await page.goto('/');
  await row(page, 'Waiting', title).getByRole('button', { name: /^Accept/ }).click();

  await expect(page).toHaveURL(new RegExp(`/conversations/${id}$`));
  const summary = new SummaryPage(page);
  await expect(summary.conversation.getByTestId('conversation-status')).toContainText('Active · accepted by');
  await expect(page).toHaveTitle(title);

  await page.goBack();
  await expect(page).toHaveTitle('Inbox');
  const active = row(page, 'Active', title);
  await expect(active).toContainText('Accepted by You');
  await expect(active.getByTestId('inbox-waiting')).toHaveText(/^Waited /);
  await expect(row(page, 'Waiting', title)).toHaveCount(0);
});

test('Accept says why in the row when another agent was first, and the list stays', async ({ page, request }) => {
  const title = `Taken by a colleague ${Date.now()}`;
  const id = await openChat(request, title);
  await page.goto('/');
  const waiting = row(page, 'Waiting', title);
  await expect(waiting).toBeVisible();
  // The page keeps seeing the list as it is now, so the row keeps its
  // Accept button while Ben Carter accepts it first, with the demo
  // console's token for him.
  const list = '**/api/v1/conversations?status=*';
  const snapshot = await (await request.get('/api/v1/conversations?status=waiting,active')).text();
  await page.route(list, (route) => route.fulfill({ contentType: 'application/json', body: snapshot }));
  const token = await request.post(`http://127.0.0.1:${consolePort}/token`, {
    headers: { origin: `http://127.0.0.1:${consolePort}` },
    data: { agent: 'ben.carter' },
  });
  const { access_token } = (await token.json()) as { access_token: string };
  const accepted = await request.post(`/api/v1/conversations/${id}/accept`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  expect(accepted.ok(), await accepted.text()).toBe(true);
  await waiting.getByRole('button', { name: /^Accept/ }).click();
  await expect(waiting.getByRole('alert')).toContainText('Ben Carter has accepted this conversation already');
  // Once the page sees the server's list again, it is in Active, his.
  await page.unroute(list);
  await expect(row(page, 'Active', title)).toContainText('Accepted by Ben Carter');
  await expect(page).toHaveURL(/\/$/);
});

test('arrow keys move between conversations, Enter opens one, and focus goes to the page heading', async ({
  page,
  request,
}) => {
  const first = `Keyboard one ${Date.now()}`;
  await openChat(request, first);
  await page.goto('/');
  const links = page.locator('[data-inbox-open]');
  await expect(links.first()).toBeVisible();
  await links.first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(links.nth(1)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(links.first()).toBeFocused();
  await page.keyboard.press('End');
  await expect(links.last()).toBeFocused();
  await page.keyboard.press('Home');
  await expect(links.first()).toBeFocused();
  const href = await links.first().getAttribute('href');

  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Customer summary' })).toBeFocused();
});

test('deep links, reload, Back and Forward all show the right page', async ({ page }) => {
  const summary = new SummaryPage(page);
  await page.goto('/conversations/5');
  await summary.expectLoaded();
  await page.reload();
  await summary.expectLoaded();
  await expect(summary.conversation).toBeVisible();

  await page.getByRole('link', { name: 'Inbox' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeFocused();
  await page.goBack();
  await expect(page).toHaveURL(/\/conversations\/5$/);
  await summary.expectLoaded();
  await page.goForward();
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
});

test('the old /?conversation=N is replaced by /conversations/N, without a history entry', async ({ page }) => {
  await page.goto('/conversations/1');
  await new SummaryPage(page).expectLoaded();
  await page.goto('/?conversation=3');
  await expect(page).toHaveURL(/\/conversations\/3$/);
  await new SummaryPage(page).expectLoaded();
  await page.goBack();
  await expect(page).toHaveURL(/\/conversations\/1$/);
});

test('an unknown address, or a bad conversation id, says so and leads back to the inbox', async ({ page }) => {
  for (const address of ['/no/such/page', '/conversations/abc', '/?conversation=abc']) {
    await page.goto(address);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/not found|No conversation/);
    await page.getByRole('link', { name: 'Go to the inbox' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
  }
});

test('the inbox has no accessibility violations', async ({ page }) => {
  await page.goto('/');
  await expect(section(page, 'Waiting').getByTestId('inbox-row').first()).toBeVisible();
  await expectNoAxeViolations(page);
});

test("the inbox's polls send back the list's ETag, so an unchanged list costs the server a 304", async ({ page }) => {
  const polls: { ifNoneMatch?: string; etag?: string }[] = [];
  page.on('requestfinished', async (request) => {
    if (!request.url().includes('/api/v1/conversations?status=')) return;
    const response = await request.response();
    polls.push({ ifNoneMatch: (await request.allHeaders())['if-none-match'], etag: await response?.headerValue('etag') ?? undefined });
  });
  await page.goto('/');
  await expect.poll(() => polls.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
  const [first, ...later] = polls;
  expect(first.etag).toMatch(/^"[0-9a-f]{32}"$/);
  // The browser revalidates what it holds: each later poll names an ETag it was given.
  for (const poll of later) expect(polls.map((p) => p.etag)).toContain(poll.ifNoneMatch);
});
