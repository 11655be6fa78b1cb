// A therapist adds a client from the dashboard and hands over the link; the client
// answers on their phone; the therapist sees it. Any CSP violation fails the journey.
import assert from 'node:assert/strict';
import { serverAndBrowser, signInTherapist, loaded, shot, axeViolations, answer, next, PHONE, LAPTOP } from './harness.mjs';

const env = serverAndBrowser();

env.journey('a new client from the dashboard answers from their link, and the therapist sees it', async (j) => {
  const { page } = await j.page(LAPTOP);
  await signInTherapist(page, env.server);

  await page.getByText('Add a client').click();
  await j.expectStatus(422, /^\/api\/v1\/therapist\/clients$/, async () => {
    await page.getByRole('button', { name: 'Add client' }).click();
    await page.getByRole('alert').filter({ hasText: 'Please give the client a label' }).waitFor();
  });
  await page.getByLabel(/^Label/).fill('M.K.');
  await page.getByRole('button', { name: 'Add client' }).click();
  const card = page.getByTestId('link-card');
  await card.getByRole('heading', { name: 'Personal link for M.K.' }).waitFor();
  await card.getByRole('img', { name: 'QR code of the personal link for M.K.' }).waitFor();
  assert.equal(await card.locator('svg').count(), 1);
  const link = await card.getByLabel('Link', { exact: true }).inputValue();
  assert.match(link, new RegExp(`^${env.server.base}/c#t=[A-Za-z0-9_-]{43}$`));
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, '50-therapist-added-client');

  const { page: phone } = await j.page(PHONE);
  await phone.goto(link);
  await loaded(phone.getByRole('heading', { name: 'Your check-ins with Sam Rivera' }));
  await phone.getByRole('link', { name: 'Start: Session check-in' }).click();
  await answer(phone, { radio: '3' });
  await next(phone);
  await answer(phone, { radio: 'Not really' });
  await next(phone);
  await answer(phone, { radio: 'Too slow' });
  await next(phone);
  await answer(phone, { text: 'Get to the point faster.' });
  await next(phone);
  await answer(phone, { text: 'I want us to get to the point faster.' });
  await phone.getByRole('button', { name: 'Send' }).click();
  await phone.getByTestId('status').filter({ hasText: /^Sent$/ }).waitFor();

  await page.reload();
  await loaded(page.getByTestId('caseload'));
  const row = page.getByTestId('client-row').filter({ has: page.getByRole('heading', { name: 'M.K.' }) });
  await row.getByText('I want us to get to the point faster.').waitFor();
  await row.getByText(/^Rupture: rated 3\/10 "How understood did you feel today" on /).waitFor();
  await row.getByText(/^Rupture: said the session on \d+ [A-Z][a-z]{2} \(today\) did not really go on what matters most to them$/).waitFor();

  // A new link stops the old one.
  await row.getByRole('link', { name: 'M.K.', exact: true }).click();
  await page.getByRole('button', { name: 'Make a new link' }).click();
  await page.getByTestId('link-card').waitFor();
  const { page: stale } = await j.page(PHONE);
  await j.expectStatus(404, /^\/api\/v1\/client\/session$/, async () => {
    await stale.goto(link);
    await stale.getByRole('alert').filter({ hasText: 'This link does not work any more.' }).waitFor();
  });
});
