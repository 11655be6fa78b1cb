// A therapist chooses which check-ins a client gets and the client's phone follows;
// then the therapist archives the client (off the caseload, phone signed out) and
// restores them.
import assert from 'node:assert/strict';
import { serverAndBrowser, signInTherapist, loaded, shot, axeViolations, answer, PHONE, LAPTOP } from './harness.mjs';
import { bigText } from './fit.mjs';

const env = serverAndBrowser();

env.journey('the phone offers what the therapist chose; archiving signs it out, restoring brings the client back', async (j) => {
  const api = await j.api();
  const { page } = await j.page(LAPTOP);
  await signInTherapist(page, env.server);

  const { page: phone } = await j.page(PHONE);
  await phone.goto(env.server.links.Jo);
  await loaded(phone.getByRole('heading', { name: 'Your check-ins with Sam Rivera' }));
  for (const id of ['ajar-session', 'ajar-between', 'phq-9', 'gad-7']) {
    await phone.getByTestId(`card-${id}`).waitFor();
  }

  // Only the session check-in and PHQ-9 every four weeks.
  const row = page.getByTestId('client-row').filter({ has: page.getByRole('heading', { name: 'Jo' }) });
  await row.getByRole('link', { name: 'Jo', exact: true }).click();
  const plan = page.getByTestId('plan');
  const choice = (checkIn) => plan.getByRole('group', { name: checkIn });
  await choice('Weekly check-in').getByLabel('Not offered').check();
  await choice('PHQ-9').getByLabel('Every 4 weeks').check();
  await choice('GAD-7').getByLabel('Not offered').check();
  await plan.getByRole('button', { name: 'Save check-ins' }).click();
  await plan.getByRole('status').filter({ hasText: /^Saved\./ }).waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, '60-therapist-plan');

  await phone.reload();
  await phone.getByTestId('card-phq-9').waitFor();
  await phone.getByTestId('card-ajar-session').waitFor();
  assert.equal(await phone.getByTestId('card-ajar-between').count(), 0);
  assert.equal(await phone.getByTestId('card-gad-7').count(), 0);
  await shot(phone, '61-phone-after-plan');

  // The page read again shows the saved choice.
  await page.reload();
  await loaded(page.getByTestId('plan'));
  const saved = (checkIn, label) => page.getByTestId('plan').getByRole('group', { name: checkIn }).getByLabel(label).isChecked();
  assert.ok(await saved('PHQ-9', 'Every 4 weeks'));
  assert.ok(await saved('GAD-7', 'Not offered'));
  assert.ok(await saved('Session check-in', 'After each session'));
  assert.ok(!(await saved('PHQ-9', 'Every 2 weeks')));

  // A check-in switched off but already started on the phone stays on its home.
  await phone.goto(`${env.server.base}/c/gad-7`);
  await answer(phone, { radio: 'Several days' });
  await phone.getByRole('link', { name: 'Back to your check-ins' }).click();
  await phone.getByTestId('card-gad-7').getByRole('link', { name: 'Continue: GAD-7' }).waitFor();

  // Nothing offered at all: the phone says so instead of showing an empty list.
  const plan2 = page.getByTestId('plan');
  await plan2.getByRole('group', { name: 'Session check-in' }).getByLabel('Not offered').check();
  await plan2.getByRole('group', { name: 'PHQ-9' }).getByLabel('Not offered').check();
  await plan2.getByRole('button', { name: 'Save check-ins' }).click();
  await plan2.getByRole('status').filter({ hasText: /^Saved\./ }).waitFor();
  // (A second phone of Jo's, with no draft on it.)
  const { context: secondContext, page: second } = await j.page(PHONE);
  await second.goto(env.server.links.Jo);
  await second.getByTestId('nothing-due').filter({ hasText: 'There are no check-ins for you at the moment.' }).waitFor();
  assert.equal(await second.locator('.card.instrument').count(), 0);
  await secondContext.close();
  await phone.reload();
  await phone.getByTestId('card-gad-7').waitFor();
  assert.equal(await phone.locator('.card.instrument').count(), 1, 'only the started one');

  // Archive: asked once more, then off the caseload.
  await page.getByRole('button', { name: 'Archive this client…' }).click();
  await page.getByRole('alert').filter({ hasText: /^Archive Jo\?/ }).waitFor();
  await page.getByRole('button', { name: 'Yes, archive' }).click();
  await page.getByTestId('archived').getByRole('heading', { name: /^Archived on / }).waitFor();
  assert.equal(await page.getByTestId('plan').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Make a new link' }).count(), 0);
  await shot(page, '62-therapist-archived');

  // The phone's session ended with the archive: its next read is refused.
  await j.expectStatus(401, /^\/api\/v1\/client\/home$/, async () => {
    await phone.reload();
    await phone.getByRole('alert').filter({ hasText: 'This phone is not signed in.' }).waitFor();
  });

  await page.getByRole('link', { name: '← Caseload' }).click();
  await page.waitForURL(/\/t$/);
  await loaded(page.getByTestId('caseload'));
  const labels = await page.getByTestId('client-row').getByRole('heading').allTextContents();
  // The caseload has been read (the others are there), and Jo is not on it.
  assert.deepEqual(labels, ['Alex', 'River'], 'Jo is off the caseload');
  // What the server holds: off its caseload, and listed as archived.
  assert.equal(await api.client('Jo'), undefined, 'the server still lists Jo on the caseload');
  const jo = (await api.clients()).find((c) => c.label === 'Jo');
  assert.ok(jo.archived_at_ms > 0, 'the server holds Jo as archived');
  await page.getByText('Archived clients').click();
  const archived = page.getByTestId('archived-clients');
  await archived.getByRole('link', { name: 'Kim' }).waitFor();
  await archived.getByRole('link', { name: 'Kim' }).click();
  await page.getByText(/^Ended .+: Planned, with a final session$/).waitFor();
  await page.goBack();
  await page.getByText('Archived clients').click();
  await archived.getByRole('link', { name: 'Jo' }).click();
  await page.getByRole('button', { name: 'Restore to caseload' }).click();
  await page.getByTestId('plan').waitFor();
  await page.getByRole('link', { name: '← Caseload' }).click();
  await page.getByTestId('client-row').filter({ has: page.getByRole('heading', { name: 'Jo' }) }).waitFor();
  assert.ok(await api.client('Jo'), 'the server has Jo on the caseload again');
  assert.equal((await api.clients()).find((c) => c.label === 'Jo').archived_at_ms, null);
});

env.journey("the therapist's pages fit 320 px at 200 % text and pass axe", async (j) => {
  const { page } = await j.page({ ...PHONE, viewport: { width: 320, height: 640 } });
  await signInTherapist(page, env.server);
  const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  await bigText(page);
  assert.ok((await sideways()) <= 0, `the caseload scrolls sideways by ${await sideways()}px`);
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, '63-caseload-320-200pct');

  await page.getByRole('link', { name: 'Alex', exact: true }).click();
  await loaded(page.getByTestId('plan'));
  await bigText(page);
  assert.ok((await sideways()) <= 0, `the client page scrolls sideways by ${await sideways()}px`);
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, '64-client-page-320-200pct');

  // The account page, with its two-step set-up open (the QR code and the key to type).
  await page.goto(`${env.server.base}/t/account`);
  await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
  await page.getByRole('img', { name: 'QR code of the key for your authenticator app' }).waitFor();
  await bigText(page);
  assert.ok((await sideways()) <= 0, `the account page scrolls sideways by ${await sideways()}px`);
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, '65-account-320-200pct');
});
