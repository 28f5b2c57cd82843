// Reflow (WCAG 2.2, 1.4.10): every panel fits a viewport 320 CSS px wide
// with no horizontal scrolling, in light and dark, with the longest content
// the page carries — and so does the app in the demo console's iframe, a
// console's side panel. Conversation 3 brings 100 context variables (one of
// them 4,000 characters) and long pre-chat answers; the tests give it a
// contact with an unbroken 60-character e-mail address, a case with a
// 200-character title and a note with a long unbroken word, and link
// account 3 back afterwards, as the other tests expect.
import { test, expect, type APIRequestContext, type Frame, type Page } from '@playwright/test';
import { CHANNEL_KEY, consolePort, port } from '../ports';
import { shownSummary, SummaryPage } from './summary_page';

const CONVERSATION = 3;
const ACCOUNT = 3;

// 60 characters with no space or hyphen to break at.
const EMAIL = 'konstantinos.papadimitriou.wolfeschlegelsteinhaus@cs.example';
const UNBROKEN = 'Pneumonoultramicroscopicsilicovolcanoconiosis_firmware_4.2.1_rollback';
const CASE_TITLE = `${UNBROKEN} ${'after the update the mesh extenders keep dropping the link to the router on every floor '.repeat(3)}`.slice(0, 200);

async function api(request: APIRequestContext, method: 'post' | 'put' | 'delete', path: string, data?: object) {
  const response = await request[method](`/api/v1${path}`, {
    data,
    headers: { 'Idempotency-Key': `reflow-${path}-${Date.now()}` },
  });
  expect(response.ok(), `${method} ${path}: ${response.status()}`).toBeTruthy();
  return response.status() === 204 ? null : response.json();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ request }) => {
  expect(EMAIL).toHaveLength(60);
  expect(CASE_TITLE).toHaveLength(200);
  const contact = await api(request, 'post', `/conversations/${CONVERSATION}/contacts`, {
    first_name: 'Wolfeschlegelsteinhausenbergerdorff',
    last_name: 'Konstantinopoulou-Papadimitriou',
    job_title: 'Head of Facilities, Infrastructure, Networking and Workplace Services (EMEA)',
    email: EMAIL,
    mobile_phone: '+33612345678',
    city: 'Saint-Rémy-en-Bouzemont-Saint-Genest-et-Isson',
    country: 'France',
  });
  await api(request, 'post', `/conversations/${CONVERSATION}/cases`, {
    title: CASE_TITLE,
    priority: 'high',
    description: UNBROKEN.repeat(20),
  });
  await api(request, 'post', `/records/contact/${contact.id}/notes`, {
    title: UNBROKEN.repeat(2),
    text: `${UNBROKEN.repeat(10)}\n${'Called back, no answer. '.repeat(40)}`,
  });
});

test.afterAll(async ({ request }) => {
  await api(request, 'delete', `/conversations/${CONVERSATION}/case`);
  await api(request, 'put', `/conversations/${CONVERSATION}/customer`, { kind: 'account', id: ACCOUNT });
});

/**
 * What breaks reflow on the page (or frame) now: the document wider than
 * its viewport, an element reaching past the viewport's edges, and text
 * clipped with nothing to reach the rest (no `title`, no expand control).
 * Each problem names its element.
 */
async function reflowProblems(target: Page | Frame): Promise<string[]> {
  return target.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const name = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
      const testId = el.getAttribute('data-testid');
      return `<${el.tagName.toLowerCase()}${id}${cls}${testId ? ` [${testId}]` : ''}>`;
    };
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > width) {
      problems.push(`the document is ${document.documentElement.scrollWidth} px wide in a ${width} px viewport`);
    }
    for (const el of document.body.querySelectorAll('*')) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || el.closest('.visually-hidden')) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.right > width + 0.5 || box.left < -0.5) {
        problems.push(`${name(el)} spans ${Math.round(box.left)}–${Math.round(box.right)} px of ${width}`);
      }
      const clips = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
      if (clips && el.scrollWidth > el.clientWidth + 1 && !el.getAttribute('title')) {
        problems.push(`${name(el)} clips its text (${el.scrollWidth} of ${el.clientWidth} px) with no title`);
      }
    }
    return problems;
  });
}

/** Every tab of the conversation summary, each checked; then every "Show more" opened and checked again. */
async function expectReflowEverywhere(target: Page | Frame, where: string) {
  const summary = new SummaryPage(target);
  await summary.expectLoaded();
  const tabs = summary.conversation.getByRole('tab');
  for (let i = 0; i < (await tabs.count()); i++) {
    await tabs.nth(i).click();
    await expect(tabs.nth(i)).toHaveAttribute('aria-selected', 'true');
    expect(await reflowProblems(target), `${where}, tab ${await tabs.nth(i).innerText()}`).toEqual([]);
  }
  const more = target.getByRole('button', { name: 'Show more' });
  while ((await more.count()) > 0) await more.first().click();
  expect(await reflowProblems(target), `${where}, every text expanded`).toEqual([]);
}

for (const colorScheme of ['light', 'dark'] as const) {
  for (const width of [320, 360, 1280]) {
    test(`every panel fits ${width} px in ${colorScheme} with the longest content`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height: 900 });
      const summary = new SummaryPage(page);
      await summary.open(CONVERSATION);
      await expect(summary.customer.getByTestId('customer-name')).toContainText('Wolfeschlegel');
      await expect(summary.case.getByTestId('case-number')).toBeVisible();
      await expect(summary.timeline.getByTestId('timeline-item').first()).toContainText(UNBROKEN);
      await expectReflowEverywhere(page, `${width} px, ${colorScheme}`);
    });
  }
}

test('the app fits a 320 px iframe in the demo console', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`http://127.0.0.1:${consolePort}/`);
  await page.locator('#summary').evaluate((frame: HTMLIFrameElement) => {
    frame.style.width = '320px';
  });
  await page.getByRole('button', { name: new RegExp(`^${CONVERSATION}\\. `) }).click();
  const app = shownSummary(page);
  await expect(app.getByTestId('customer-name')).toContainText('Wolfeschlegel');
  const frame = await (await page.locator('#summary').elementHandle())?.contentFrame();
  if (!frame) throw new Error('the console has no app frame');
  expect(frame.url()).toContain(`http://127.0.0.1:${port}/`);
  expect(await frame.evaluate(() => document.documentElement.clientWidth)).toBe(320);
  await expectReflowEverywhere(frame, '320 px iframe');
});

test('the inbox fits 320 px, with a title and a customer of unbroken text', async ({ page, request }) => {
  const response = await request.post('/api/v1/intake/conversations', {
    headers: { authorization: `Bearer ${CHANNEL_KEY}` },
    data: { channel: 'chat', title: UNBROKEN, queue: UNBROKEN },
  });
  expect(response.ok(), await response.text()).toBe(true);
  await page.setViewportSize({ width: 320, height: 900 });
  await page.goto('/');
  await expect(page.getByTestId('inbox-row').filter({ hasText: UNBROKEN }).first()).toBeVisible();
  expect(await reflowProblems(page), 'the inbox at 320 px').toEqual([]);
});
