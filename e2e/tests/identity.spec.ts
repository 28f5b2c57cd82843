// Who did what, in the demo console against the real server (open mode):
// the agent picked in the console signs the app in with a token the
// server signed; each agent's own entries say "You" and a colleague's name
// them; and a note still pending when another agent signs in on the same
// browser stays its writer's: never shown to, nor sent as, the other.
// Notes go to conversation 4's customer, with texts unique to each run.
import { test, expect, type APIRequestContext, type Page } from '@playwright/test';
import { consolePort, port } from '../ports';
import { shownSummary, TimelinePanel } from './summary_page';

const appOrigin = `http://127.0.0.1:${port}`;
const consoleUrl = `http://127.0.0.1:${consolePort}/`;
const NOTES = '**/api/v1/records/**/notes';
const CONVERSATION = 4;

/** The notes of conversation 4's timeline whose text is `text`, with their authors. */
async function authorsOf(request: APIRequestContext, text: string): Promise<string[]> {
  const response = await request.get(
    `${appOrigin}/api/v1/conversations/${CONVERSATION}/timeline?limit=50&types=note&q=${encodeURIComponent(text)}`,
  );
  const page = (await response.json()) as { items: { body: string; author: { id: string } }[] };
  return page.items.filter((item) => item.body === text).map((item) => item.author.id);
}

/** The console on conversation 4, its app showing the timeline. */
async function openConsole(page: Page): Promise<TimelinePanel> {
  await page.goto(consoleUrl);
  await page.getByRole('button', { name: new RegExp(`^${CONVERSATION}\\. `) }).click();
  const timeline = new TimelinePanel(shownSummary(page).getByTestId('timeline-panel'));
  await expect(timeline.items.first()).toBeVisible();
  return timeline;
}

/** Picks `name` in the console and waits for the app to say so. */
async function signIn(page: Page, name: string) {
  await page.getByLabel('Signed in as').selectOption({ label: name });
  await expect(shownSummary(page).getByTestId('signed-in-as')).toHaveText(`Signed in as ${name}`);
}

function authorOf(timeline: TimelinePanel, text: string) {
  return timeline.item(text).locator('[data-actor]');
}

test('the agent picked in the console writes the next note, and only their own entries say You', async ({
  page,
  request,
}) => {
  const run = Date.now();
  const [aishas, bens] = [`Aisha's note — ${run}`, `Ben's note — ${run}`];
  const timeline = await openConsole(page);
  await signIn(page, 'Aisha Rahman');
  await timeline.noteText.fill(aishas);
  await timeline.save.click();
  await expect(authorOf(timeline, aishas)).toHaveText('You');

  await signIn(page, 'Ben Carter');
  await expect(authorOf(timeline, aishas)).toHaveText('Aisha Rahman');
  await timeline.noteText.fill(bens);
  await timeline.save.click();
  await expect(authorOf(timeline, bens)).toHaveText('You');

  expect(await authorsOf(request, aishas)).toEqual(['aisha.rahman']);
  expect(await authorsOf(request, bens)).toEqual(['ben.carter']);
});

test("an agent's pending note is never shown to or sent as the next agent on the same browser", async ({
  page,
  request,
}) => {
  const text = `Aisha's pending note — ${Date.now()}`;
  const timeline = await openConsole(page);
  await signIn(page, 'Aisha Rahman');
  // The notes endpoint unreachable: the note stays pending.
  await page.route(NOTES, (route) => route.abort());
  await timeline.noteText.fill(text);
  await timeline.save.click();
  await expect(timeline.item(text).getByRole('alert')).toContainText('Not saved');

  await signIn(page, 'Ben Carter');
  await expect(timeline.item(text)).toHaveCount(0);
  const sentAsBen: string[] = [];
  await page.unroute(NOTES);
  await page.route(NOTES, async (route) => {
    if (route.request().postData()?.includes(text)) sentAsBen.push(route.request().url());
    await route.continue();
  });
  // Longer than the note's next two retries would have waited.
  await page.waitForTimeout(3_500);
  expect(sentAsBen).toEqual([]);
  expect(await authorsOf(request, text)).toEqual([]);

  // Aisha signs in again: her note comes back and goes out as hers.
  await page.unroute(NOTES);
  await signIn(page, 'Aisha Rahman');
  await expect(authorOf(timeline, text)).toHaveText('You');
  await expect.poll(() => authorsOf(request, text)).toEqual(['aisha.rahman']);
});
