// Two hundred clients: finding one by label, by why they need attention, as cards or a
// compact list; a label too long is refused in words, and a long unbroken one wraps.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serverAndBrowser, signInTherapist, shot, axeViolations, PHONE, LAPTOP, SHOTS } from './harness.mjs';

const env = serverAndBrowser();
const MANY = 200;
const UNBROKEN = 'W'.repeat(80);

/** The demo's three clients, then 200 more and one whose label is 80 letters unbroken. */
async function bigCaseload(j) {
  const api = await j.api();
  for (let i = 1; i <= MANY; i++) await api.addClient(`Client ${String(i).padStart(3, '0')}`);
  await api.addClient(UNBROKEN);
  return (await api.caseload()).length;
}

const sideways = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

env.journey('a label over the limit is refused with its length, not cut', async (j) => {
  const { page } = await j.page(PHONE);
  await signInTherapist(page, env.server);
  const before = (await (await j.api()).clients()).length;
  await page.getByText('Add a client').click();
  const field = page.getByLabel('Label (initials or a pseudonym; no real name needed)');
  await field.fill('x'.repeat(5000));
  // Nothing is cut as it is typed or pasted: the count says it is too long.
  assert.equal((await field.inputValue()).length, 5000);
  await page.getByText('5000 of 80 characters').waitFor();
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  await j.expectStatus(422, /^\/api\/v1\/therapist\/clients$/, async () => {
    await page.getByRole('button', { name: 'Add client' }).click();
    await page.getByRole('alert').getByText('A label is at most 80 characters; this one has 5000. Initials or a pseudonym are enough.').waitFor();
  });
  assert.equal((await field.inputValue()).length, 5000, 'what the therapist typed is still there to shorten');
  const api = await j.api();
  assert.equal((await api.clients()).length, before, 'nothing was added');
  await field.fill('K.L.');
  await page.getByText('4 of 80 characters').waitFor();
  assert.equal(await field.getAttribute('aria-invalid'), null);
  await page.getByRole('button', { name: 'Add client' }).click();
  await page.getByTestId('client-row').filter({ has: page.getByRole('heading', { name: 'K.L.' }) }).waitFor();
});

env.journey('200 clients: search, filter by reason, cards or a compact list, remembered', async (j) => {
  const total = await bigCaseload(j);
  for (const [size, at] of [[PHONE, 'phone'], [LAPTOP, 'laptop']]) {
    const { page } = await j.page(size);
    await signInTherapist(page, env.server);
    const status = page.getByTestId('shown-count');
    await status.getByText(`All ${total} clients, most urgent first.`).waitFor();
    // The long unbroken label wraps inside its card instead of widening every card.
    const unbrokenCard = page.getByTestId('client-row').filter({ has: page.getByRole('heading', { name: UNBROKEN }) });
    await unbrokenCard.waitFor();
    const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 5).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`));
    assert.ok(await sideways(page) <= 0, `the caseload scrolls sideways on a ${at}: ${wide.join(', ')}`);
    const card = await unbrokenCard.boundingBox();
    assert.ok(card.width <= size.viewport.width, `the card is ${card.width}px wide on a ${at}`);
    if (at === 'phone') await unbrokenCard.screenshot({ path: join(SHOTS, '92-therapist-long-label-card.png') });

    await page.getByRole('radio', { name: 'Compact list' }).check();
    const list = page.getByTestId('list-row');
    await list.nth(total - 1).waitFor();
    assert.equal(await list.count(), total);
    assert.equal(await page.getByTestId('client-row').count(), 0, 'the cards are not drawn behind the list');
    // Most urgent first, as on the cards.
    assert.deepEqual((await list.locator('.list-label').allTextContents()).slice(0, 3), ['Alex', 'River', 'Jo']);
    assert.ok(await sideways(page) <= 0, `the list scrolls sideways on a ${at}`);
    if (at === 'phone') {
      assert.deepEqual(await axeViolations(page), []);
    }

    // Search by label: case and spaces around it do not matter.
    const search = page.getByRole('searchbox', { name: 'Find a client' });
    await search.fill('  client 01 ');
    await status.getByText(`10 of ${total} clients, most urgent first.`).waitFor();
    assert.deepEqual(
      await list.locator('.list-label').allTextContents(),
      Array.from({ length: 10 }, (_, i) => `Client 01${i}`),
    );
    if (at === 'phone') await shot(page, '90-therapist-caseload-list');
    await search.fill('nobody by this name');
    await status.getByText('No client matches.').waitFor();
    assert.equal(await list.count(), 0);
    await search.fill('');

    // Filter by why: each choice says how many it holds.
    const show = page.getByRole('combobox', { name: 'Show' });
    const options = await show.locator('option').allTextContents();
    assert.deepEqual(options.slice(0, 3), [`Everyone (${total})`, 'Needs attention (3)', 'Risk (1)']);
    await show.selectOption({ label: 'Risk (1)' });
    await status.getByText(`1 of ${total} clients, most urgent first.`).waitFor();
    assert.deepEqual(await list.locator('.list-label').allTextContents(), ['Alex']);
    await list.first().locator('.badge', { hasText: 'Risk' }).waitFor();
    // The search and the filter narrow together.
    await show.selectOption({ label: 'Needs attention (3)' });
    await search.fill('r');
    assert.deepEqual(await list.locator('.list-label').allTextContents(), ['River']);
    if (at === 'laptop') await shot(page, '91-therapist-caseload-list-laptop');

    // The choice of view is kept in this browser, and the cards come back when asked.
    await page.reload();
    await page.getByTestId('caseload-list').waitFor();
    assert.ok(await page.getByRole('radio', { name: 'Compact list' }).isChecked());
    await page.getByRole('radio', { name: 'Cards' }).check();
    await page.getByTestId('caseload').waitFor();
    await page.close();
  }
});
