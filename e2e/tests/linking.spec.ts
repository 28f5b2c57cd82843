// Finding, creating and linking the customer and the case against the real
// server, and the panels that follow the links. Conversation 8 starts with
// nothing linked and no recognisable customer; conversation 27 has an
// account and one of its cases linked.
import { test, expect } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { SummaryPage } from './summary_page';

test.describe.configure({ mode: 'serial' });

test('search, link and unlink a customer; Recent cases and Timeline follow', async ({ page }) => {
  const summary = new SummaryPage(page);
  await summary.open(8);
  await expect(summary.customer.getByTestId('recognition')).toContainText('No records found.');

  const search = summary.customer.getByRole('combobox', { name: 'Find a customer' });
  await search.fill('Zoë Lef');
  const option = summary.customer.getByRole('option', { name: /Zoë Lefèvre/ });
  await expect(option).toBeVisible();
  await expectNoAxeViolations(page);
  await search.press('ArrowDown');
  await expect(search).toHaveAttribute('aria-activedescendant', 'customer-search-option-0');
  await search.press('Enter');

  await expect(summary.customer.getByTestId('customer-name')).toHaveText('Zoë Lefèvre');
  await expect(summary.recentCases.getByRole('listitem').first()).toBeVisible();
  await expect(summary.timeline.getByLabel('Linked records')).toContainText('Contact: Zoë Lefèvre');

  await summary.customer.getByRole('button', { name: /^Close: unlink/ }).click();
  await expect(search).toBeVisible();
  await expect(summary.recentCases).toContainText('Link a customer');
  await expect(summary.timeline).toContainText('Link a customer or a case');
});

test('create a contact after first submitting invalid input', async ({ page }) => {
  const summary = new SummaryPage(page);
  await summary.open(8);
  await summary.customer.getByRole('button', { name: '+ Add Contact' }).click();
  const first = summary.customer.getByLabel('First name');
  await first.fill('Amaru');
  await summary.customer.getByLabel('Email').fill('amaru@');
  await summary.customer.getByRole('button', { name: 'Save' }).click();

  const last = summary.customer.getByLabel('Last name (required)');
  await expect(last).toHaveAttribute('aria-invalid', 'true');
  await expect(summary.customer).toContainText('A contact needs a last name.');
  await expect(summary.customer).toContainText('Enter an email address');
  await expect(first).toHaveValue('Amaru');
  await expect(last).toBeFocused();
  await expectNoAxeViolations(page);

  await last.fill('Quispe <b>"Ñusta"</b>');
  await summary.customer.getByLabel('Email').fill('amaru@andes.example');
  await summary.customer.getByRole('button', { name: 'Save' }).click();
  await expect(summary.customer.getByTestId('customer-name')).toHaveText('Amaru Quispe <b>"Ñusta"</b>');
  await expect(summary.recentCases).toContainText('no cases yet');
});

test('create a case for the new customer; the Timeline offers it at once', async ({ page }) => {
  const summary = new SummaryPage(page);
  await summary.open(8);
  await summary.case.getByRole('button', { name: '+ Add Case' }).click();
  await summary.case.getByRole('button', { name: 'Save' }).click();
  await expect(summary.case).toContainText('A case needs a title.');
  await summary.case.getByLabel('Title (required)').fill('Boiler makes a knocking noise');
  await summary.case.getByLabel('Priority').selectOption('high');
  await summary.case.getByRole('button', { name: 'Save' }).click();

  await expect(summary.case.getByRole('heading', { name: 'Boiler makes a knocking noise' })).toBeVisible();
  await expect(summary.case).toContainText('High priority');
  await expect(summary.recentCases).toContainText('Boiler makes a knocking noise');
  await expect(summary.timeline.getByLabel('Linked records')).toContainText('Case: CAS-');
});

test('search and link a case by its number', async ({ page, request }) => {
  const summary = new SummaryPage(page);
  await summary.open(8);
  const { case: created } = await (await request.get('/api/v1/conversations/8/case')).json();
  await summary.case.getByRole('button', { name: /^Close: unlink case/ }).click();
  const search = summary.case.getByRole('combobox', { name: 'Find a case' });
  await search.fill(created.ticket_number);
  await summary.case.getByRole('option', { name: new RegExp(created.ticket_number) }).click();
  await expect(summary.case.getByTestId('case-number')).toHaveText(created.ticket_number);
});

test('pick a recent case, confirming the replacement of the linked one', async ({ page, request }) => {
  const summary = new SummaryPage(page);
  await summary.open(27);
  const recent = await (await request.get('/api/v1/conversations/27/recent-cases?limit=4')).json();
  const { case: linked } = await (await request.get('/api/v1/conversations/27/case')).json();
  const other = recent.cases.find((c: { id: number }) => c.id !== linked.id);

  await summary.recentCases.getByRole('button', { name: other.title }).click();
  const question = summary.recentCases.getByRole('group');
  await expect(question).toContainText(`Replace it with ${other.ticket_number}?`);
  await expect(question.getByRole('button', { name: 'Replace' })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(summary.case.getByTestId('case-number')).toHaveText(other.ticket_number);
  await expect(summary.timeline.getByLabel('Linked records')).toContainText(other.ticket_number);
});
