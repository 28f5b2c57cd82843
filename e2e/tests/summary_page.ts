// Page object for the customer summary: one locator per panel.
import { expect, type Frame, type Locator, type Page } from '@playwright/test';

export class SummaryPage {
  readonly customer: Locator;
  readonly conversation: Locator;
  readonly case: Locator;
  readonly recentCases: Locator;
  readonly timeline: Locator;

  /** A page, or the frame of the app embedded in a console. */
  constructor(readonly page: Page | Frame) {
    this.customer = page.getByTestId('customer-panel');
    this.conversation = page.getByTestId('conversation-panel');
    this.case = page.getByTestId('case-panel');
    this.recentCases = page.getByTestId('recent-cases-panel');
    this.timeline = page.getByTestId('timeline-panel');
  }

  async open(conversation: number | string) {
    await this.page.goto(`/?conversation=${conversation}`);
  }

  panels(): Locator[] {
    return [this.customer, this.conversation, this.case, this.recentCases, this.timeline];
  }

  async expectLoaded() {
    for (const panel of this.panels()) {
      // Drawn first: a panel not drawn yet has no skeleton either.
      await expect(panel).toBeAttached();
      await expect(panel.getByTestId('skeleton')).toHaveCount(0);
      await expect(panel.getByRole('alert')).toHaveCount(0);
    }
  }
}

/** The Timeline panel: its entries, Linked records, filters, search and quick note. */
export class TimelinePanel {
  readonly items: Locator;
  readonly linkedRecords: Locator;
  readonly search: Locator;
  readonly noteTitle: Locator;
  readonly noteText: Locator;
  readonly save: Locator;
  readonly loadMore: Locator;

  constructor(readonly panel: Locator) {
    this.items = panel.getByTestId('timeline-item');
    this.linkedRecords = panel.getByLabel('Linked records');
    this.search = panel.getByRole('searchbox', { name: 'Search timeline' });
    this.noteTitle = panel.getByLabel('Title (optional)');
    this.noteText = panel.getByLabel('Note', { exact: true });
    this.save = panel.getByRole('button', { name: 'Save' });
    this.loadMore = panel.getByRole('button', { name: 'Load more' });
  }

  /** The toggle button that shows only entries of one kind ("Email"). */
  typeFilter(label: string): Locator {
    return this.panel
      .getByRole('group', { name: 'Show only' })
      .getByRole('button', { name: label, exact: true });
  }

  /** The entry showing `text`. */
  item(text: string): Locator {
    return this.items.filter({ hasText: text });
  }

  /** The kind of every entry shown, top to bottom ("email", "phone_call"). */
  async kinds(): Promise<string[]> {
    return this.items.evaluateAll((items) => items.map((item) => item.dataset.kind ?? ''));
  }

  /** The ids of the stored entries shown, top to bottom. */
  async ids(): Promise<string[]> {
    return this.items
      .locator('p[id$="-body"]')
      .evaluateAll((bodies) => bodies.map((body) => body.id));
  }
}

/**
 * The summary the demo console's app shows: while it switches
 * conversations, the next page is built hidden beside the one shown.
 */
export function shownSummary(page: Page): Locator {
  return page.frameLocator('#summary').locator('[data-testid="summary-page"]:not([hidden])');
}
