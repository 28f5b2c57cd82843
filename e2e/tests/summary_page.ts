// Page object for the customer summary: one locator per panel.
import { expect, type Locator, type Page } from '@playwright/test';

export class SummaryPage {
  readonly customer: Locator;
  readonly conversation: Locator;
  readonly case: Locator;
  readonly recentCases: Locator;
  readonly timeline: Locator;

  constructor(readonly page: Page) {
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
      await expect(panel.getByTestId('skeleton')).toHaveCount(0);
      await expect(panel.getByRole('alert')).toHaveCount(0);
    }
  }
}
