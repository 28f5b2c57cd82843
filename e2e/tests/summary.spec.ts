// The page against the real server: all five panels filled with the seeded
// conversation, the states for a missing or unknown conversation, and no
// accessibility violations.
import { test, expect } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { SummaryPage } from './summary_page';

test('all five panels show the seeded conversation', async ({ page, request }) => {
  const api = async (path: string) => (await request.get(`/api/v1${path}`)).json();
  const conversation = await api('/conversations/1');
  const { customer } = await api('/conversations/1/customer');
  const { case: linkedCase } = await api('/conversations/1/case');
  const recent = await api('/conversations/1/recent-cases?limit=4');
  const timeline = await api('/conversations/1/timeline?limit=10');

  const summary = new SummaryPage(page);
  await summary.open(1);

  const name = customer.kind === 'contact' ? customer.full_name : customer.name;
  await expect(summary.customer.getByTestId('customer-name')).toHaveText(name);
  await expect(summary.conversation.getByTestId('channel')).toContainText('Live chat');
  await expect(summary.conversation.getByTestId('pre-chat')).toContainText(
    conversation.pre_chat[0].question,
  );
  await expect(summary.case.getByTestId('case-number')).toHaveText(linkedCase.ticket_number);
  await expect(summary.recentCases.getByRole('listitem')).toHaveCount(recent.cases.length);
  await expect(summary.recentCases).toContainText(recent.cases[0].title);
  await expect(summary.timeline.getByTestId('timeline-item')).toHaveCount(10);
  await expect(summary.timeline.getByTestId('timeline-item').first()).toContainText(
    timeline.items[0].title,
  );
  await summary.expectLoaded();
});

test('the app reaches the browser compressed, and config.json is fetched once', async ({ page }) => {
  const wasm = page.waitForResponse((response) => response.url().endsWith('.wasm'));
  const configs: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/config.json') configs.push(request.url());
  });
  const summary = new SummaryPage(page);
  await summary.open(1);
  const headers = (await wasm).headers();
  expect(headers['content-type']).toBe('application/wasm');
  expect(['br', 'gzip']).toContain(headers['content-encoding']);
  await summary.expectLoaded();
  expect(configs).toHaveLength(1);
});

test('the timeline pages through a long history with Load more', async ({ page }) => {
  const summary = new SummaryPage(page);
  await summary.open(1);
  const items = summary.timeline.getByTestId('timeline-item');
  await expect(items).toHaveCount(10);
  await summary.timeline.getByRole('button', { name: 'Load more' }).click();
  await expect(items).toHaveCount(20);
});

test('the tabs can be walked with the keyboard alone', async ({ page }) => {
  const summary = new SummaryPage(page);
  await summary.open(1);
  const selected = summary.conversation.locator('[role=tab][aria-selected=true]');
  await expect(selected).toHaveText('Pre-chat survey');
  await summary.conversation.getByRole('tab', { name: 'Pre-chat survey' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(selected).toHaveText('Self service');
  await expect(summary.conversation.getByRole('tabpanel')).toContainText('Custom action');
  await page.keyboard.press('ArrowRight');
  await expect(selected).toHaveText('Visitor details');
  await expect(summary.conversation.getByRole('tabpanel')).toContainText('Authenticated');
  await page.keyboard.press('End');
  await expect(selected).toHaveText('Additional details');
  await page.keyboard.press('Home');
  await expect(selected).toHaveText('Pre-chat survey');
});

test('an unknown conversation says so instead of a blank page', async ({ page }) => {
  await page.goto('/?conversation=999999');
  await expect(page.getByRole('heading', { name: 'Conversation not found' })).toBeVisible();
});

test('an address whose conversation id is not one says which', async ({ page }) => {
  await page.goto('/?conversation=abc');
  await expect(page.getByTestId('page-message')).toContainText('"abc" is not a conversation id.');
});

test('the summary has no accessibility violations', async ({ page }) => {
  const summary = new SummaryPage(page);
  await summary.open(1);
  await summary.expectLoaded();
  await expect(summary.timeline.getByTestId('timeline-item')).toHaveCount(10);
  await expectNoAxeViolations(page);
});

test('closing the customer unlinks it and the panels that follow it update', async ({ page }) => {
  const summary = new SummaryPage(page);
  await summary.open(10);
  await expect(summary.recentCases.getByRole('listitem').first()).toBeVisible();
  await summary.customer.getByRole('button', { name: /^Close: unlink/ }).click();
  await expect(summary.customer.getByRole('combobox', { name: 'Find a customer' })).toBeVisible();
  await expect(summary.recentCases).toContainText('Link a customer');
  await page.reload();
  await expect(summary.customer.getByRole('combobox', { name: 'Find a customer' })).toBeVisible();
});
