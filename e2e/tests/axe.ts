// One axe-core check for every test: WCAG 2.0, 2.1 and 2.2 A and AA rules
// (and best practices) on the page and its frames; a violation fails the
// test and names the elements it was found on.
import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export async function expectNoAxeViolations(page: Page, options: { include?: string; where?: string } = {}) {
  let axe = new AxeBuilder({ page });
  if (options.include) axe = axe.include(options.include);
  const { violations } = await axe.analyze();
  const found = violations.map(
    (v) => `${v.id}: ${v.help} — ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
  expect(found, options.where).toEqual([]);
}
