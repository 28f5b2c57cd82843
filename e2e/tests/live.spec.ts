// Live updates between two agents on one conversation, each in a browser
// context of their own, in the demo console against the real server: a
// note one adds and a case linked meanwhile appear on the other's open
// page without a reload, named for who wrote the note, while the other's
// half-typed note stays as it was. Conversation 16 (a contact, no case in
// the seed), with texts unique to each run.
import { test, expect, type Page } from '@playwright/test';
import { consolePort, port } from '../ports';
import { TimelinePanel } from './summary_page';

const appOrigin = `http://127.0.0.1:${port}`;
const consoleUrl = `http://127.0.0.1:${consolePort}/`;
const CONVERSATION = 16;
// The issue asks for one second; the margin keeps a loaded CI machine
// from failing a run that is correct (make bench measures the latency).
const LIVE = { timeout: 3000 };

/** The console on conversation 16 as `agent`, its app showing the timeline. */
async function openAs(page: Page, agent: string): Promise<TimelinePanel> {
  await page.goto(consoleUrl);
  await page.getByLabel('Signed in as').selectOption({ label: agent });
  await page.getByRole('button', { name: new RegExp(`^${CONVERSATION}\\. `) }).click();
  const app = page.frameLocator('#summary');
  await expect(app.getByTestId('signed-in-as')).toHaveText(`Signed in as ${agent}`);
  const timeline = new TimelinePanel(app.getByTestId('timeline-panel'));
  await expect(timeline.items.first()).toBeVisible();
  return timeline;
}

test("another agent's note and a case linked meanwhile appear without a reload, and a half-typed note survives", async ({
  browser,
  request,
}) => {
  const run = Date.now();
  const aisha = await (await browser.newContext()).newPage();
  const ben = await (await browser.newContext()).newPage();
  const aishasTimeline = await openAs(aisha, 'Aisha Rahman');
  const bensTimeline = await openAs(ben, 'Ben Carter');
  const bensApp = ben.frame({ url: new RegExp(`^${appOrigin}/`) });
  if (!bensApp) throw new Error("Ben's app frame");
  // A reload would forget this.
  await bensApp.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  const draft = `Ben is still typing — ${run}`;
  await bensTimeline.noteText.fill(draft);

  const note = `Aisha's note, live — ${run}`;
  await aishasTimeline.noteText.fill(note);
  await aishasTimeline.save.click();
  const linked = await request.put(`${appOrigin}/api/v1/conversations/${CONVERSATION}/case`, {
    data: { id: 1 },
  });
  expect(linked.status()).toBe(200);
  const ticket = ((await (await request.get(`${appOrigin}/api/v1/cases/1`)).json()) as { ticket_number: string })
    .ticket_number;

  await expect(bensTimeline.item(note).locator('[data-actor]')).toHaveText('Aisha Rahman', LIVE);
  await expect(bensTimeline.item(note)).toHaveCount(1);
  const bensCase = ben.frameLocator('#summary').getByTestId('case-panel');
  await expect(bensCase.getByTestId('case-number')).toHaveText(ticket, LIVE);
  await expect(bensTimeline.noteText).toHaveValue(draft);
  expect(await bensApp.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  // Aisha's own note came back on her stream too: shown once.
  await expect(aishasTimeline.item(note)).toHaveCount(1);
});
