// The agent's whole job with the keyboard alone, against the real server:
// find and link a customer, walk the conversation's tabs, create a case,
// switch the Linked records, add a note and load more of the timeline.
// After every key press focus is on an element of the page, never lost to
// <body>, and it is visibly marked. Conversation 12 is used by this test
// only; its links are cleared first.
import { test, expect, type Locator, type Page } from '@playwright/test';
import { SummaryPage, TimelinePanel } from './summary_page';

const CONVERSATION = 12;

/** Where focus is now, and whether it shows. */
async function focusNow(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { lost: true, visible: false, what: 'body' };
    const style = getComputedStyle(el);
    const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    return {
      lost: false,
      visible: el.matches(':focus-visible') && ring,
      what: `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}> ${(el.textContent ?? '').trim().slice(0, 40)}`,
    };
  });
}

/**
 * Fails when focus stays on <body> or unmarked after `after`. Focus is
 * read until it settles, for at most a second: a panel that replaces the
 * focused element moves focus to its heading a task later, and a single
 * read could land in between and see <body> (the likeliest cause of a CI
 * failure of this test that did not reproduce here, even under load).
 */
async function expectVisibleFocus(page: Page, after: string) {
  let focus = await focusNow(page);
  for (let read = 0; read < 20 && !focus.visible; read++) {
    await page.waitForTimeout(50);
    focus = await focusNow(page);
  }
  expect(focus.lost, `focus fell back to <body> after ${after}`).toBe(false);
  expect(focus.visible, `focus on ${focus.what} is not visible after ${after}`).toBe(true);
}

/** Presses Tab (checking focus at each stop) until `target` has focus. */
async function tabTo(page: Page, target: Locator, what: string) {
  for (let presses = 0; presses < 80; presses++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
    await expectVisibleFocus(page, `Tab towards ${what}`);
  }
  throw new Error(`Tab never reached ${what}`);
}

async function press(page: Page, key: string, what: string) {
  await page.keyboard.press(key);
  await expectVisibleFocus(page, what);
}

test('an agent does the whole job without a mouse', async ({ page, request }) => {
  for (const link of ['case', 'customer']) {
    expect((await request.delete(`/api/v1/conversations/${CONVERSATION}/${link}`)).ok()).toBeTruthy();
  }
  const summary = new SummaryPage(page);
  await summary.open(CONVERSATION);
  await summary.expectLoaded();
  const timeline = new TimelinePanel(summary.timeline);

  // Find and link a customer.
  const search = summary.customer.getByRole('combobox', { name: 'Find a customer' });
  await tabTo(page, search, 'the customer search');
  await page.keyboard.type('Zoë Lef');
  await expect(summary.customer.getByRole('option', { name: /Zoë Lefèvre/ })).toBeVisible();
  await press(page, 'ArrowDown', 'choosing a result');
  await press(page, 'Enter', 'linking the customer');
  await expect(summary.customer.getByTestId('customer-name')).toHaveText('Zoë Lefèvre');
  await expectVisibleFocus(page, 'the customer card appeared');

  // Every tab of the conversation summary.
  const tabs = summary.conversation.getByRole('tab');
  await tabTo(page, summary.conversation.getByRole('tab', { selected: true }), 'the selected tab');
  const count = await tabs.count();
  for (let i = 1; i < count; i++) {
    await press(page, 'ArrowRight', 'moving to the next tab');
    await expect(tabs.nth(i)).toHaveAttribute('aria-selected', 'true');
    await expect(tabs.nth(i)).toBeFocused();
  }

  // Create a case for the customer.
  await tabTo(page, summary.case.getByRole('button', { name: '+ Add Case' }), '+ Add Case');
  await press(page, 'Enter', 'opening the case form');
  const title = summary.case.getByLabel('Title (required)');
  await tabTo(page, title, 'the case title');
  await page.keyboard.type('Keyboard-only case');
  await tabTo(page, summary.case.getByRole('button', { name: 'Save' }), 'Save');
  await press(page, 'Enter', 'saving the case');
  await expect(summary.case.getByRole('heading', { name: 'Keyboard-only case' })).toBeVisible();
  await expectVisibleFocus(page, 'the case card appeared');

  // Switch the Linked records to the case, and back. Regression: going
  // back from the new case's empty timeline crashed the app (its empty
  // list re-ran with its items already disposed); the contact's entries
  // never came. The browser tests' stubbed timing does not reproduce it.
  await expect(timeline.linkedRecords.locator('option')).toHaveCount(2);
  await tabTo(page, timeline.linkedRecords, 'Linked records');
  await press(page, 'ArrowDown', 'choosing the case in Linked records');
  await expect(timeline.linkedRecords).toHaveValue('case');
  await expect(timeline.items).toHaveCount(0);
  await press(page, 'ArrowUp', 'choosing the contact in Linked records');
  await expect(timeline.linkedRecords).toHaveValue('contact');
  await expect(timeline.items).toHaveCount(10);

  // Add a note.
  const text = `Typed without a mouse — ${Date.now()}`;
  await tabTo(page, timeline.noteText, 'the note');
  await page.keyboard.type(text);
  await press(page, 'Control+Enter', 'saving the note');
  await expect(timeline.items.first()).toContainText(text);
  await expect(timeline.noteText).toBeFocused();

  // Load more of the timeline.
  await tabTo(page, timeline.loadMore, 'Load more');
  await press(page, 'Enter', 'loading more');
  await expect(timeline.items).toHaveCount(21);
  await expectVisibleFocus(page, 'the next page arrived');
});
