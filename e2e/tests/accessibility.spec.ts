// Accessibility in every theme: axe-core on the inbox, the summary, its
// forms and the demo console, in light, dark and more contrast, at 320 and 1280 px, and
// under a theme the console picks against the system's; and
// in forced colours (Windows high contrast), the selected tab, the pressed
// filter and the focus ring stay visible. Conversations 1 and 3 are only
// read; the forms are opened on conversations 8 and 4 and never saved.
import { test, expect, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { consolePort } from '../ports';
import { shownSummary, SummaryPage } from './summary_page';

type Theme = { name: string; colorScheme: 'light' | 'dark'; contrast: 'more' | 'no-preference' };

const THEMES: Theme[] = [
  { name: 'light', colorScheme: 'light', contrast: 'no-preference' },
  { name: 'dark', colorScheme: 'dark', contrast: 'no-preference' },
  { name: 'more contrast', colorScheme: 'light', contrast: 'more' },
  { name: 'dark, more contrast', colorScheme: 'dark', contrast: 'more' },
];

/** What is on screen for each check, reached as an agent would. */
const SCENES: { name: string; show: (page: Page) => Promise<void> }[] = [
  {
    name: 'the summary of conversation 1',
    show: async (page) => {
      const summary = new SummaryPage(page);
      await summary.open(1);
      await summary.expectLoaded();
      await expect(summary.timeline.getByTestId('timeline-item')).toHaveCount(10);
    },
  },
  {
    name: 'the inbox',
    show: async (page) => {
      await page.goto('/');
      await expect(page.getByTestId('inbox-row').first()).toBeVisible();
    },
  },
  {
    name: 'the 100 context variables of conversation 3',
    show: async (page) => {
      const summary = new SummaryPage(page);
      await summary.open(3);
      await summary.expectLoaded();
      await summary.conversation.getByRole('tab', { name: 'Additional details' }).click();
      await expect(summary.conversation.getByRole('tabpanel')).toContainText('Diagnostic log');
    },
  },
  {
    name: 'the contact form with its errors, on conversation 8',
    show: async (page) => {
      const summary = new SummaryPage(page);
      await summary.open(8);
      await expect(summary.customer.getByTestId('recognition')).toContainText('No records found.');
      await summary.customer.getByRole('button', { name: '+ Add Contact' }).click();
      await summary.customer.getByLabel('Email').fill('not-an-address');
      await summary.customer.getByRole('button', { name: 'Save' }).click();
      await expect(summary.customer).toContainText('A contact needs a last name.');
    },
  },
  {
    name: 'the case form with its errors, on conversation 4',
    show: async (page) => {
      const summary = new SummaryPage(page);
      await summary.open(4);
      await summary.case.getByRole('button', { name: '+ Add Case' }).click();
      await summary.case.getByRole('button', { name: 'Save' }).click();
      await expect(summary.case).toContainText('A case needs a title.');
    },
  },
  {
    name: 'the demo console with the app in its frame',
    show: async (page) => {
      await page.goto(`http://127.0.0.1:${consolePort}/`);
      await expect(shownSummary(page).getByTestId('customer-name')).toBeVisible();
      await expect(page.getByRole('log')).toContainText('Conversation 1');
    },
  },
];

for (const theme of THEMES) {
  for (const width of [320, 1280]) {
    test(`no axe violations in ${theme.name} at ${width} px`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme.colorScheme, contrast: theme.contrast });
      await page.setViewportSize({ width, height: 900 });
      for (const scene of SCENES) {
        await scene.show(page);
        await expectNoAxeViolations(page, { where: `${scene.name}, ${theme.name}, ${width} px` });
      }
    });
  }
}

test('no axe violations when the console picks the theme against the system', async ({ page }) => {
  for (const [system, picked] of [['light', 'dark'], ['dark', 'light']] as const) {
    await page.emulateMedia({ colorScheme: system });
    await page.goto(`http://127.0.0.1:${consolePort}/`);
    const app = shownSummary(page);
    await expect(app.getByTestId('customer-name')).toBeVisible();
    await page.getByLabel('Theme for the app').selectOption(picked);
    await expect(page.frameLocator('#summary').locator('html')).toHaveAttribute('data-theme', picked);
    await expect(app.getByTestId('timeline-item').first()).toBeVisible();
    await expectNoAxeViolations(page, { where: `console picked ${picked}, system ${system}` });
    await page.getByLabel('Theme for the app').selectOption('');
    await expect(page.frameLocator('#summary').locator('html')).not.toHaveAttribute('data-theme', /.+/);
  }
});

test('in forced colours the selected tab, a pressed filter and the focus ring stay visible', async ({ page }) => {
  await page.emulateMedia({ forcedColors: 'active' });
  const summary = new SummaryPage(page);
  await summary.open(1);
  await summary.expectLoaded();

  const bar = (name: string) =>
    summary.conversation.getByRole('tab', { name }).evaluate((tab) => getComputedStyle(tab).borderBottomColor);
  expect(await bar('Pre-chat survey')).not.toBe(await bar('Self service'));
  expect(await bar('Pre-chat survey')).not.toBe('rgba(0, 0, 0, 0)');

  const filter = (name: string) =>
    summary.timeline
      .getByRole('group', { name: 'Show only' })
      .getByRole('button', { name, exact: true });
  await filter('Email').click();
  await expect(filter('Email')).toHaveAttribute('aria-pressed', 'true');
  const border = (name: string) => filter(name).evaluate((button) => getComputedStyle(button).borderTopColor);
  expect(await border('Email')).not.toBe(await border('Note'));

  // The focus ring: a solid outline of 2 px or more, in a colour the
  // system sets, on whatever the keyboard reaches.
  await page.keyboard.press('Tab');
  const ring = await page.evaluate(() => {
    const style = getComputedStyle(document.activeElement!);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth), colour: style.outlineColor };
  });
  expect(ring.style).toBe('solid');
  expect(ring.width).toBeGreaterThanOrEqual(2);
  expect(ring.colour).not.toBe('rgba(0, 0, 0, 0)');
});
