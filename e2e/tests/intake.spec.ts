// Conversations from channels, against the real server: a chat opened
// through the intake API shows what the channel sent, as text; while the
// agent reads its Self service tab, more of the customer's trail and new
// context arrive and appear in place, without a reload and without moving
// the agent off the tab.
import { test, expect, type APIRequestContext } from '@playwright/test';
import { CHANNEL_KEY } from '../ports';
import { SummaryPage } from './summary_page';

const channel = { authorization: `Bearer ${CHANNEL_KEY}` };

async function intake(request: APIRequestContext, method: 'post' | 'patch', path: string, data: unknown) {
  const response = await request[method](`/api/v1/intake/conversations${path}`, { headers: channel, data });
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as { id: number };
}

test('a chat from a channel shows what it sent, and what it sends next appears without a reload', async ({
  page,
  request,
}) => {
  const run = Date.now();
  const { id } = await intake(request, 'post', '', {
    channel: 'chat',
    title: `Blender arrived broken — ${run}`,
    queue: 'Returns',
    skills: ['English'],
    pre_chat: [
      { question: 'Name', answer: 'Sam Okafor', kind: 'single_line' },
      { question: 'How can we help?', answer: '<img src=x onerror=alert(1)> it is broken', kind: 'multi_line' },
    ],
    self_service: [{ type_code: 192350000, title: 'Order history', url: 'https://shop.example/orders', at: run - 60_000 }],
    visitor: { authenticated: false, browser: 'Firefox 134', language: 'en-GB' },
  });
  const summary = new SummaryPage(page);
  await summary.open(id);
  const conversation = summary.conversation;
  await expect(conversation).toContainText('Returns');
  await expect(conversation).toContainText('still waiting');
  await expect(conversation.getByRole('tabpanel')).toContainText('<img src=x onerror=alert(1)> it is broken');
  await expect(conversation.locator('img')).toHaveCount(0);
  await expect(conversation.getByRole('tab', { name: 'Additional details' })).toHaveCount(0);
  const selfService = conversation.getByRole('tab', { name: 'Self service' });
  await selfService.click();
  await expect(conversation.getByRole('tabpanel')).toContainText('Order history');

  await intake(request, 'post', `/${id}/self-service`, {
    items: [{ type_code: 192350001, title: `return broken blender ${run}`, at: run }],
  });
  await intake(request, 'patch', `/${id}`, { context: [{ name: 'Order', value: 'SO-4417', displayable: true }] });

  const panel = conversation.getByRole('tabpanel');
  await expect(panel).toContainText(`return broken blender ${run}`);
  await expect(panel.getByRole('listitem').first()).toContainText('Phrase searched');
  await expect(selfService).toHaveAttribute('aria-selected', 'true');
  await conversation.getByRole('tab', { name: 'Additional details' }).click();
  await expect(conversation.getByRole('tabpanel')).toContainText('SO-4417');
});
