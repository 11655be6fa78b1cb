// A risk answer stays until a therapist acknowledges it: River answers PHQ-9 item 9
// above 0, then at 0; the caseload still puts River's risk first; the therapist records
// what they did on River's page; the flag closes, the history and the audit entry stay.
import assert from 'node:assert/strict';
import { serverAndBrowser, signInTherapist, loaded, shot, axeViolations, LAPTOP, PHONE } from './harness.mjs';

const env = serverAndBrowser();

const PHQ9 = (item9) => Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => [`phq9-${i}`, i === 9 ? item9 : 1]));
const RISKY = '55555555-5555-4555-8555-000000000001';
const LATER = '55555555-5555-4555-8555-000000000002';

env.journey('a risk answer stays first until acknowledged, then stays in the history', async (j) => {
  // River's phone sends both PHQ-9s, as its outbox would.
  const { page: phone } = await j.page(PHONE);
  await phone.goto(env.server.links.River);
  await loaded(phone.getByRole('heading', { name: 'Your check-ins with Sam Rivera' }));
  for (const [id, item9] of [[RISKY, 2], [LATER, 0]]) {
    const sent = await phone.request.post(`${env.server.base}/api/v1/client/responses`, {
      headers: { 'x-ajar-csrf': '1' }, data: { id, instrument: 'phq-9', version: 1, answers: PHQ9(item9) },
    });
    assert.equal(sent.status(), 201, await sent.text());
  }

  const { page } = await j.page(LAPTOP);
  await signInTherapist(page, env.server);
  const rows = page.getByTestId('client-row');
  const river = rows.filter({ has: page.getByRole('heading', { name: 'River' }) });
  await river.waitFor();
  // The later 0 closed nothing: River's first alert is the risk, in red, in words.
  const risk = river.locator('.alert-risk').first();
  await risk.getByText(/^Risk: PHQ-9: "More than half the days" to "Thoughts that you would be better off dead/).waitFor();
  assert.match(await risk.textContent(), /\(today\), not yet acknowledged$/);

  await river.getByRole('link', { name: 'River', exact: true }).click();
  const open = page.getByTestId('risk-open');
  await loaded(open);
  assert.equal(await open.count(), 1);
  // Question by question: the PHQ-9 table, newest first; the risk answer red, the later 0 not.
  const items = page.getByTestId('items-phq-9');
  const item9 = items.getByRole('row', { name: /^Thoughts that you would be better off dead/ });
  // (River's two demo PHQ-9s, 14 and 28 days ago, answered 0.)
  assert.deepEqual(await item9.locator('td').allTextContents(),
    ['0 (Not at all)', '2 (More than half the days)', '0 (Not at all)', '0 (Not at all)']);
  assert.equal(await item9.locator('td.cell-risk').count(), 1);
  await page.getByRole('radio', { name: 'Contacted the client' }).check();
  await page.getByLabel('Note (optional)').fill('Phoned River; safe tonight, session moved to Thursday.');
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, '70-risk-open');
  await page.getByRole('button', { name: 'Acknowledge' }).click();

  // Closed, and kept with what was done, by whom.
  await page.getByRole('heading', { name: 'Acknowledged' }).waitFor();
  assert.equal(await page.getByTestId('risk-open').count(), 0);
  const kept = page.locator('.risk-flags');
  await kept.getByText(/^Contacted the client by Sam Rivera on /).waitFor();
  await kept.getByText('Phoned River; safe tonight, session moved to Thursday.').waitFor();
  await kept.getByText(/^PHQ-9, answered /).waitFor();

  // The phone size the therapist may use between sessions.
  const { page: small } = await j.page(PHONE);
  await signInTherapist(small, env.server);
  await small.getByTestId('client-row').filter({ has: small.getByRole('heading', { name: 'River' }) })
    .getByRole('link', { name: 'River', exact: true }).click();
  await loaded(small.locator('.risk-flags'));
  await shot(small, '71-risk-acknowledged-phone');

  // Back on the caseload: no risk for River; both PHQ-9s are still in the history; the
  // acknowledgement is in the audit trail.
  await page.getByRole('link', { name: '← Caseload' }).click();
  await loaded(page.getByTestId('caseload'));
  await river.waitFor();
  assert.equal(await river.locator('.alert-risk').count(), 0);
  const href = await river.getByRole('link', { name: 'River', exact: true }).getAttribute('href');
  const detail = await page.request.get(`${env.server.base}/api/v1/therapist/clients/${href.split('/').pop()}`);
  assert.equal(detail.status(), 200);
  const body = await detail.json();
  assert.ok([RISKY, LATER].every((id) => body.history.some((r) => r.id === id)), 'both PHQ-9s kept');
  assert.equal(body.risk_history.length, 1);
  assert.equal(body.risk_history[0].acknowledged.action, 'contacted-client');
  await page.getByText('Your activity (audit trail)').click();
  await page.locator('.audit-list').getByText(/Recorded what was done about a risk answer: contacted the client/).waitFor();
});
